# The supported scalar list for CMake, read from the one place it is written
# (lib/include/snae/scalar_list.hpp), so that adding a scalar adds its
# explicit-instantiation files without a second list here.

# snae_scalar_rows(NAMES_VAR TYPES_VAR): the names and C++ types, in order.
function(snae_scalar_rows names_var types_var)
  file(STRINGS "${PROJECT_SOURCE_DIR}/lib/include/snae/scalar_list.hpp" rows REGEX "^ *X\\(")
  # A row's line continuation would escape the list separator after it.
  string(REPLACE "\\" "" rows "${rows}")
  set(names)
  set(types)
  foreach(row IN LISTS rows)
    # X(id, type): the name is the id without its trailing underscore (float_).
    string(REGEX MATCH "X\\(([a-z0-9_]*[a-z0-9])_?, ([^)]+)\\)" _ "${row}")
    list(APPEND names "${CMAKE_MATCH_1}")
    list(APPEND types "${CMAKE_MATCH_2}")
  endforeach()
  set(${names_var} "${names}" PARENT_SCOPE)
  set(${types_var} "${types}" PARENT_SCOPE)
endfunction()

# snae_instantiation_sources(OUT_VAR TEMPLATE PREFIX): one source per scalar,
# TEMPLATE configured with @SNAE_SCALAR_NAME@ and @SNAE_SCALAR_TYPE@ into
# PREFIX_<name>.cpp in the binary folder (one type per file, so that the
# build spreads over the cores).
function(snae_instantiation_sources out_var template prefix)
  snae_scalar_rows(names types)
  set(sources)
  foreach(SNAE_SCALAR_NAME SNAE_SCALAR_TYPE IN ZIP_LISTS names types)
    set(file "${CMAKE_CURRENT_BINARY_DIR}/${prefix}_${SNAE_SCALAR_NAME}.cpp")
    configure_file("${template}" "${file}" @ONLY)
    list(APPEND sources "${file}")
  endforeach()
  set(${out_var} "${sources}" PARENT_SCOPE)
endfunction()

# Finds MPFR, GMP and MPFI (Debian: libmpfr-dev, libgmp-dev, libmpfi-dev) and
# defines MPFR::MPFR (MPFR and GMP) and MPFI::MPFI (MPFI, on top of MPFR).
find_path(MPFR_INCLUDE_DIR mpfr.h)
find_library(MPFR_LIBRARY mpfr)
find_library(GMP_LIBRARY gmp)
find_path(MPFI_INCLUDE_DIR mpfi.h)
find_library(MPFI_LIBRARY mpfi)
include(FindPackageHandleStandardArgs)
find_package_handle_standard_args(MPFR REQUIRED_VARS MPFR_LIBRARY GMP_LIBRARY MPFR_INCLUDE_DIR MPFI_LIBRARY MPFI_INCLUDE_DIR)
# snae_imported_library(NAME INCLUDE_DIR LIBRARIES): an imported target for
# a library found above, unless it exists already.
function(snae_imported_library name include_dir libraries)
  if(NOT TARGET ${name})
    add_library(${name} INTERFACE IMPORTED)
    set_target_properties(${name} PROPERTIES INTERFACE_INCLUDE_DIRECTORIES "${include_dir}" INTERFACE_LINK_LIBRARIES "${libraries}")
  endif()
endfunction()
if(MPFR_FOUND)
  snae_imported_library(MPFR::MPFR "${MPFR_INCLUDE_DIR}" "${MPFR_LIBRARY};${GMP_LIBRARY}")
  snae_imported_library(MPFI::MPFI "${MPFI_INCLUDE_DIR}" "${MPFI_LIBRARY};MPFR::MPFR")
endif()
mark_as_advanced(MPFR_INCLUDE_DIR MPFR_LIBRARY GMP_LIBRARY MPFI_INCLUDE_DIR MPFI_LIBRARY)

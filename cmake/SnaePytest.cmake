# snae_pytest_files(INTERPRETER GLOB PREFIX ENVIRONMENT): one ctest entry per
# test_<name>.py matching GLOB, named PREFIX<name>, run by pytest under
# INTERPRETER with ENVIRONMENT (a ;-list of VAR=value) and without pytest's
# cache, so that running the suite writes nothing into the source tree.
function(snae_pytest_files interpreter glob prefix environment)
  file(GLOB files CONFIGURE_DEPENDS ${glob})
  foreach(file IN LISTS files)
    get_filename_component(stem ${file} NAME_WE)
    string(REGEX REPLACE "^test_" "${prefix}" name ${stem})
    add_test(NAME ${name} COMMAND ${interpreter} -m pytest -q -p no:cacheprovider ${file})
    set_tests_properties(${name} PROPERTIES ENVIRONMENT "${environment}")
  endforeach()
endfunction()

# snae_installed_library(TARGET EXPORT_NAME SOURCES...): one of snae's two
# installed static libraries (lib/ and run/): the alias snae::EXPORT_NAME,
# public headers from include/ (installed under include/snae), private ones
# from src/, and its place in the package's export set.
function(snae_installed_library target export_name)
  add_library(${target} STATIC ${ARGN})
  add_library(snae::${export_name} ALIAS ${target})
  set_target_properties(${target} PROPERTIES EXPORT_NAME ${export_name} POSITION_INDEPENDENT_CODE ON)
  target_include_directories(${target} PUBLIC
    $<BUILD_INTERFACE:${CMAKE_CURRENT_SOURCE_DIR}/include>
    $<INSTALL_INTERFACE:${CMAKE_INSTALL_INCLUDEDIR}>)
  target_include_directories(${target} PRIVATE ${CMAKE_CURRENT_SOURCE_DIR}/src)
  target_compile_options(${target} PRIVATE -Wall -Wextra)
  install(TARGETS ${target} EXPORT snaeTargets ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR})
  install(DIRECTORY ${CMAKE_CURRENT_SOURCE_DIR}/include/snae DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
endfunction()

# Compile rules that change results or build times, kept in one place with
# their reasons (docs/performance.md has the measurements).

# Reproducibility (docs/reproducibility.md): every operation rounds once, in
# the documented order, on every platform. GCC and Clang contract a*b+c into
# a fused multiply-add where the target has one unless told not to; Eigen's
# explicit SIMD would reorder sums. Both are properties of what the user
# compiles too, so they are PUBLIC.
function(snae_reproducible_arithmetic target)
  if(CMAKE_CXX_COMPILER_ID MATCHES "GNU|Clang")
    target_compile_options(${target} PUBLIC -ffp-contract=off)
  endif()
  target_compile_definitions(${target} PUBLIC EIGEN_DONT_VECTORIZE)
endfunction()

# -O1 for sources whose run time is MPFR's and MPFI's, not the compiler's
# (certification factors matrices of a few dozen rows; a claim driver runs
# each loop a few times): it halves the compile of Eigen's solvers and costs
# nothing measurable at run time.
function(snae_reduced_optimisation)
  if(CMAKE_CXX_COMPILER_ID MATCHES "GNU|Clang")
    set_source_files_properties(${ARGN} DIRECTORY ${CMAKE_CURRENT_SOURCE_DIR} PROPERTIES COMPILE_OPTIONS -O1)
  endif()
endfunction()

# The tools above the library (claims, sweep, precision, plot, the command
# line, the tests): their time is spent in the library's -O2 templates, not
# in their own code, and -O1 halves their compile, which keeps the clean
# build within its budget (docs/performance.md).
function(snae_tool_target target)
  target_compile_options(${target} PRIVATE -Wall -Wextra)
  # The Python module links the tools' static libraries into a shared object.
  set_target_properties(${target} PROPERTIES POSITION_INDEPENDENT_CODE ON)
  if(CMAKE_CXX_COMPILER_ID MATCHES "GNU|Clang")
    target_compile_options(${target} PRIVATE -O1)
  endif()
endfunction()

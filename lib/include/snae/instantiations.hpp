// Extern template declarations: the library compiles the templates once for
// each supported scalar type (lib/src/instantiate_*.cpp), and code that
// includes this header links to those instead of compiling its own copies.
// Other types instantiate implicitly from the headers as usual.
#pragma once

#include "snae/dataset.hpp"
#include "snae/model.hpp"
#include "snae/run.hpp"
#include "snae/scalars.hpp"
#include "snae/trainer.hpp"

/// X(type) for every supported scalar type.
#define SNAE_FOR_EACH_SCALAR(X) \
    X(float)                    \
    X(double)                   \
    X(long double)              \
    X(::snae::float128)         \
    X(::snae::cpp_bin_float_50) \
    X(::snae::cpp_bin_float_100)\
    X(::snae::mpfr_real)

/// The instantiations of one type, for `extern template` (PREFIX = extern)
/// and for the explicit instantiation (PREFIX empty).
#define SNAE_INSTANTIATIONS(PREFIX, T)                                                                                  \
    PREFIX template std::vector<T> snae::detail::rotated_rows<T>(std::size_t, std::size_t, std::uint64_t);            \
    PREFIX template class snae::dataset<T>;                                                                            \
    PREFIX template class snae::point_evaluator<T>;                                                                    \
    PREFIX template class snae::trainer<T>;                                                                            \
    PREFIX template snae::train_outcome snae::train<T>(const snae::dataset<T>&, snae::activation, const T&,           \
                                                       std::vector<T>&, snae::batch_sampler&,                          \
                                                       const snae::stopping_rule<T>&, const snae::iterate_observer<T>&); \
    PREFIX template std::vector<T> snae::batch_gradient<T>(const snae::dataset<T>&, snae::activation,                 \
                                                           const std::vector<T>&, const std::vector<std::size_t>&);   \
    PREFIX template std::vector<std::size_t> snae::support<T>(const std::vector<T>&, const T&);                       \
    PREFIX template std::optional<T> snae::cosine<T>(const std::vector<T>&, const std::vector<T>&);                   \
    PREFIX template nlohmann::json snae::run_train<T>(const snae::prepared_run&, const snae::run_hooks&);

#define SNAE_EXTERN_INSTANTIATIONS(T) SNAE_INSTANTIATIONS(extern, T)
SNAE_FOR_EACH_SCALAR(SNAE_EXTERN_INSTANTIATIONS)
#undef SNAE_EXTERN_INSTANTIATIONS

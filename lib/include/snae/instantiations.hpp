// Extern template declarations: the library compiles the templates once for
// each supported scalar type (lib/src/instantiate_*.cpp), and code that
// includes this header links to those instead of compiling its own copies.
// Other types instantiate implicitly from the headers as usual.
#pragma once

#include "snae/dataset.hpp"
#include "snae/hessian.hpp"
#include "snae/model.hpp"
#include "snae/scalars.hpp"
#include "snae/trainer.hpp"

/// The instantiations of one type, for `extern template` (PREFIX = extern)
/// and for the explicit instantiation (PREFIX empty): the core, which every
/// scalar has (intervals too, snae/interval.hpp), and the Eigen-based
/// rotated data and eigenvalues, which the point types add.
#define SNAE_CORE_INSTANTIATIONS(PREFIX, T)                                                                             \
    PREFIX template class snae::dataset<T>;                                                                            \
    PREFIX template class snae::point_evaluator<T>;                                                                    \
    PREFIX template class snae::trainer<T>;                                                                            \
    PREFIX template class snae::scaled_trainer<T>;                                                                     \
    PREFIX template snae::train_outcome snae::train<T>(const snae::dataset<T>&, snae::activation, const T&,           \
                                                       std::vector<T>&, snae::batch_sampler&,                          \
                                                       const snae::stopping_rule<T>&, const snae::iterate_observer<T>&, \
                                                       const snae::train_options&);                                    \
    PREFIX template std::vector<T> snae::batch_gradient<T>(const snae::dataset<T>&, snae::activation,                 \
                                                           const std::vector<T>&, const std::vector<std::size_t>&);   \
    PREFIX template std::vector<std::size_t> snae::support<T>(const std::vector<T>&, const T&);                       \
    PREFIX template std::optional<T> snae::cosine<T>(const std::vector<T>&, const std::vector<T>&);                   \
    PREFIX template std::vector<T> snae::loss_hessian<T>(const snae::dataset<T>&, snae::activation, const std::vector<T>&, \
                                                         const std::vector<char>*);                                    \
    PREFIX template std::vector<T> snae::loss_hessian_by_gradient<T>(const snae::dataset<T>&, snae::activation,        \
                                                                     const std::vector<T>&, const std::vector<char>*);

#define SNAE_INSTANTIATIONS(PREFIX, T)                                                                                  \
    SNAE_CORE_INSTANTIATIONS(PREFIX, T)                                                                                 \
    PREFIX template std::vector<T> snae::detail::rotated_rows<T>(std::size_t, std::size_t, std::uint64_t);            \
    PREFIX template std::vector<T> snae::symmetric_eigenvalues<T>(const std::vector<T>&, std::size_t);

#define SNAE_EXTERN_INSTANTIATIONS(T) SNAE_INSTANTIATIONS(extern, T)
SNAE_FOR_EACH_SCALAR(SNAE_EXTERN_INSTANTIATIONS)
#undef SNAE_EXTERN_INSTANTIATIONS

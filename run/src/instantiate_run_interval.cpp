// run_train, run_train_values and make_inputs for snae::interval (MPFI), which is not in the
// supported scalar list (snae train and the certified claims only).
#include "snae/interval.hpp"

#include "run_impl.hpp"

template nlohmann::json snae::run_train<snae::interval>(const snae::prepared_run&, const snae::run_hooks&);
template snae::run_values<snae::interval> snae::run_train_values<snae::interval>(const snae::prepared_run&, const snae::run_hooks&,
    const snae::iterate_observer<snae::interval>&);
template snae::run_inputs<snae::interval> snae::make_inputs<snae::interval>(const snae::prepared_run&, const std::atomic<bool>*);

#include "golden.hpp"

#include "compare.hpp"

#include <snae/instantiations.hpp>

#include <algorithm>

namespace snae::precision {

std::vector<golden_case> golden_cases()
{
    auto make = [](std::string name, activation act, std::string data, std::uint64_t n, std::uint64_t d, std::optional<std::uint64_t> b,
                   sampler_kind s, std::string eta, std::uint64_t seed) {
        golden_case g;
        g.name = std::move(name);
        g.config.act = act;
        g.config.data = std::move(data);
        g.config.n = n;
        g.config.d = d;
        g.config.batch = b;
        g.config.sampler = s;
        g.config.eta = std::move(eta);
        g.config.seed = seed;
        g.checkpoints = {0, 1, 10, 100, 300};
        g.config.steps = g.checkpoints.back();
        return g;
    };
    return {
        make("gd-relu-canonical", activation::relu, "canonical", 6, 8, std::nullopt, sampler_kind::replacement, "1.2", 1),
        make("sgd-relu-canonical", activation::relu, "canonical", 6, 8, 1, sampler_kind::replacement, "0.4", 2),
        make("gd-linear-rotated", activation::linear, "rotated", 4, 6, std::nullopt, sampler_kind::replacement, "1", 3),
        make("sgd-linear-canonical", activation::linear, "canonical", 5, 5, 2, sampler_kind::reshuffle, "0.8", 4),
        make("sgd-relu-rotated", activation::relu, "rotated", 4, 6, 2, sampler_kind::replacement, "0.8", 5),
    };
}

nlohmann::json golden_record(const golden_case& g, long bits)
{
    precision_scope<mpfr_real> scope(bits);
    const prepared_run run = prepare(g.config);
    run_inputs<mpfr_real> in = make_inputs<mpfr_real>(run);
    std::vector<mpfr_real> w = in.w0;
    nlohmann::json j;
    j["case"] = g.name;
    j["config"] = to_json(g.config);
    j["bits"] = bits;
    j["checkpoints"] = nlohmann::json::array();
    iterate_observer<mpfr_real> observer = [&](std::uint64_t t, const std::vector<mpfr_real>& x) {
        if (std::find(g.checkpoints.begin(), g.checkpoints.end(), t) == g.checkpoints.end()) return;
        nlohmann::json cp;
        cp["step"] = t;
        for (const auto& v : x) cp["w"].push_back(to_decimal(v));
        j["checkpoints"].push_back(cp);
    };
    const train_outcome out = train(*in.data, g.config.act, in.eta, w, in.sampler, in.rule, observer);
    j["status"] = to_string(out.status);
    return j;
}

template <class T>
std::vector<std::vector<std::string>> pinned_iterates(const golden_case& g)
{
    const prepared_run run = prepare(g.config);
    run_inputs<T> in = make_inputs<T>(run);
    std::vector<T> w = in.w0;
    std::vector<std::vector<std::string>> out;
    iterate_observer<T> observer = [&](std::uint64_t t, const std::vector<T>& x) {
        if (std::find(g.checkpoints.begin(), g.checkpoints.end(), t) == g.checkpoints.end()) return;
        std::vector<std::string> row;
        for (const auto& v : x) row.push_back(to_decimal(v));
        out.push_back(std::move(row));
    };
    train(*in.data, g.config.act, in.eta, w, in.sampler, in.rule, observer);
    return out;
}

#define SNAE_PINNED(T) template std::vector<std::vector<std::string>> pinned_iterates<T>(const golden_case&);
SNAE_FOR_EACH_SCALAR(SNAE_PINNED)
#undef SNAE_PINNED

nlohmann::json pinned_record(const golden_case& g)
{
    nlohmann::json j;
    for (const scalar_spec& spec : default_types()) {
        dispatch_scalar(spec, [&](auto tag) {
            using T = typename decltype(tag)::type;
            j[scalar_traits<T>::name()] = {{"digits", scalar_traits<T>::digits()}, {"checkpoints", pinned_iterates<T>(g)}};
        });
    }
    return j;
}

} // namespace snae::precision

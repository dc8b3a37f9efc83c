#include "snae/sampler.hpp"

#include <algorithm>
#include <numeric>
#include <stdexcept>
#include <utility>

namespace snae {

std::string to_string(sampler_kind k)
{
    switch (k) {
    case sampler_kind::full: return "full";
    case sampler_kind::replacement: return "replacement";
    case sampler_kind::reshuffle: return "reshuffle";
    case sampler_kind::cyclic: return "cyclic";
    case sampler_kind::schedule: return "schedule";
    }
    return "?";
}

std::string to_string(remainder_policy r) { return r == remainder_policy::keep ? "keep" : "drop"; }

batch_sampler::batch_sampler(sampler_kind k, std::size_t n, std::size_t b, std::uint64_t seed, remainder_policy r)
    : kind_(k), n_(n), b_(b), remainder_(r), eng_(seed, random_stream::batches)
{
    if (n == 0 || b == 0 || b > n) throw std::invalid_argument("batch_sampler: need 1 <= b <= n");
    order_.resize(n);
    std::iota(order_.begin(), order_.end(), std::size_t{0});
}

batch_sampler batch_sampler::full(std::size_t n)
{
    batch_sampler s(sampler_kind::full, n, n, 0, remainder_policy::keep);
    s.batch_ = s.order_;
    return s;
}

batch_sampler batch_sampler::replacement(std::size_t n, std::size_t b, std::uint64_t seed)
{
    return batch_sampler(sampler_kind::replacement, n, b, seed, remainder_policy::keep);
}

batch_sampler batch_sampler::reshuffle(std::size_t n, std::size_t b, std::uint64_t seed, remainder_policy r)
{
    batch_sampler s(sampler_kind::reshuffle, n, b, seed, r);
    s.pos_ = n; // forces a shuffle before the first batch
    return s;
}

batch_sampler batch_sampler::cyclic(std::size_t n, std::size_t b, remainder_policy r)
{
    return batch_sampler(sampler_kind::cyclic, n, b, 0, r);
}

batch_sampler batch_sampler::schedule(std::size_t n, std::vector<std::vector<std::size_t>> batches)
{
    if (batches.empty()) throw std::invalid_argument("batch_sampler: empty schedule");
    std::size_t largest = 0;
    for (const auto& b : batches) {
        if (b.empty()) throw std::invalid_argument("batch_sampler: empty batch in schedule");
        for (std::size_t i : b)
            if (i >= n) throw std::invalid_argument("batch_sampler: schedule index out of range");
        std::vector<std::size_t> sorted = b;
        std::sort(sorted.begin(), sorted.end());
        if (std::adjacent_find(sorted.begin(), sorted.end()) != sorted.end())
            throw std::invalid_argument("batch_sampler: an index appears twice in one batch");
        largest = std::max(largest, b.size());
    }
    batch_sampler s(sampler_kind::schedule, n, std::min(largest, n), 0, remainder_policy::keep);
    s.schedule_ = std::move(batches);
    return s;
}

void batch_sampler::new_epoch()
{
    pos_ = 0;
    if (kind_ != sampler_kind::reshuffle) return;
    std::iota(order_.begin(), order_.end(), std::size_t{0});
    // Fisher-Yates from the top: swap position i with a uniform j in [0, i].
    for (std::size_t i = n_; i-- > 1;) std::swap(order_[i], order_[eng_.below(i + 1)]);
}

const std::vector<std::size_t>& batch_sampler::next()
{
    switch (kind_) {
    case sampler_kind::full: return batch_;
    case sampler_kind::replacement: {
        // Partial Fisher-Yates: position k takes a uniform pick from [k, n).
        batch_.resize(b_);
        for (std::size_t k = 0; k < b_; ++k) {
            const std::size_t j = k + static_cast<std::size_t>(eng_.below(n_ - k));
            std::swap(order_[k], order_[j]);
            batch_[k] = order_[k];
        }
        return batch_;
    }
    case sampler_kind::reshuffle:
    case sampler_kind::cyclic: {
        const std::size_t left = n_ - std::min(pos_, n_);
        if (left == 0 || (left < b_ && remainder_ == remainder_policy::drop)) new_epoch();
        const std::size_t take = std::min(b_, n_ - pos_);
        batch_.assign(order_.begin() + static_cast<std::ptrdiff_t>(pos_),
                      order_.begin() + static_cast<std::ptrdiff_t>(pos_ + take));
        pos_ += take;
        return batch_;
    }
    case sampler_kind::schedule: {
        const auto& b = schedule_[pos_];
        pos_ = (pos_ + 1) % schedule_.size();
        return b;
    }
    }
    return batch_;
}

} // namespace snae

// Batch samplers: which samples B_t the step t averages over.
//
//   full         B_t = (0, 1, ..., n-1) every step (gradient descent).
//   replacement  every step an independent, uniformly random b-subset, drawn
//                by a partial Fisher-Yates shuffle of a persistent index array
//                (uniform whatever order the array is in); the batch lists the
//                indices in the order drawn.
//   reshuffle    every epoch a fresh uniformly random permutation (a full
//                Fisher-Yates shuffle of 0..n-1), cut into consecutive batches
//                of b.
//   cyclic       the fixed order 0..n-1, cut into consecutive batches of b.
//   schedule     explicit batches, used in the order given and repeated from
//                the first when exhausted.
// When b does not divide n, the epoch's last batch of reshuffle and cyclic
// holds the n mod b leftover samples (remainder_policy::keep, the default:
// every sample is seen once per epoch, and that step's mean is over its own
// size), or it is skipped (remainder_policy::drop: every batch has exactly b).
// Draws use the `batches` random stream (snae/random.hpp).
#pragma once

#include "snae/random.hpp"

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace snae {

enum class sampler_kind { full, replacement, reshuffle, cyclic, schedule };
enum class remainder_policy { keep, drop };

std::string to_string(sampler_kind k);
std::string to_string(remainder_policy r);

class batch_sampler {
public:
    static batch_sampler full(std::size_t n);
    static batch_sampler replacement(std::size_t n, std::size_t b, std::uint64_t seed);
    static batch_sampler reshuffle(std::size_t n, std::size_t b, std::uint64_t seed, remainder_policy r);
    static batch_sampler cyclic(std::size_t n, std::size_t b, remainder_policy r);
    /// Every batch non-empty, indices < n, no index twice in one batch
    /// (checked by the caller that read them; see read_schedule_file).
    static batch_sampler schedule(std::size_t n, std::vector<std::vector<std::size_t>> batches);

    /// The batch of the next step.
    const std::vector<std::size_t>& next();

    sampler_kind kind() const noexcept { return kind_; }
    std::size_t n() const noexcept { return n_; }
    /// b for the random and cyclic samplers, n for full, the largest batch for a schedule.
    std::size_t batch_size() const noexcept { return b_; }

private:
    batch_sampler(sampler_kind k, std::size_t n, std::size_t b, std::uint64_t seed, remainder_policy r);
    void new_epoch();

    sampler_kind kind_;
    std::size_t n_, b_;
    remainder_policy remainder_;
    random_engine eng_;
    std::vector<std::size_t> order_;   // permutation (reshuffle, cyclic) or pool (replacement)
    std::size_t pos_ = 0;              // next position in order_ (reshuffle, cyclic) or schedule
    std::vector<std::size_t> batch_;
    std::vector<std::vector<std::size_t>> schedule_;
};

} // namespace snae

// The scaled update (opt-in: `--update scaled`, train_options::update): the
// same GD/SGD step as trainer<T> in real arithmetic, with a different order
// of floating-point operations, so that a step on canonical data costs
// O(batch) instead of O(d). Never the default: the reference update
// (trainer<T>) is what the claims and the golden trajectories are about.
//
// Why it works. On canonical data a step multiplies every coordinate by one
// of two factors (trainer.hpp): f = 1 - hS for coordinates not active in the
// batch, fa = 1 - h((N + S) - 2) for the active ones, whose old value is c_k.
// So w is kept as w_j = s_g(j) v_j with at most two scales:
//  - SGD with a batch of at most n/2 samples: one scale s for every j.
//    A step reads c_k = s v_{i_k}, multiplies s by f, and writes the active
//    coordinates back as v_{i_k} = (c_k fa) / s. Q = ||v||^2 is updated by
//    -v_old^2 + v_new^2, so N = s^2 Q without a pass over w.
//  - SGD with a batch of more than n/2 (but fewer than n) samples: the two
//    groups of GD below; a step multiplies s_A by fa and s_R by f, as if every
//    active sample were in the batch, then corrects the active samples left
//    out (fewer than n/2) to f: v_j <- (s_A v_j f) / s_A', and S over the
//    batch is S_A minus their c_j^2. So its arithmetic is O(n - m), not
//    O(m) (marking the batch is O(m) integer work).
//  - GD (a batch of n samples, which every sampler makes the full batch): the
//    group A of active data coordinates gets scale s_A, the rest s_R. The
//    group sums Q_A, Q_R of v^2 do not change, so S = s_A^2 Q_A,
//    N = S + s_R^2 Q_R, and a step is s_A *= fa, s_R *= f: O(1).
// A fold (v_j <- s_g(j) v_j, scales 1, Q summed afresh; O(d)) restores an
// exact representation: before the first two-group step and whenever a relu
// factor is not positive (signs may change, so A must be found again; a
// large batch then takes that one step with one scale); when a scale leaves
// [2^-60, 2^60] (no over- or underflow of v, even in float); and in SGD every
// n steps, which bounds the drift of the incremental Q.
//
// Error. Each step adds a few roundings per scale and per written coordinate
// (c_k fa / s, and s v_j when w is read), and Q's update adds O(u N) per
// step between folds. The iterates agree with the reference update to
// O(u) per step relative to ||w||: tests/scaled_update_test.cpp measures the
// constant. Dense data has no such structure (a step is O(m d) anyway): for
// it train() runs the reference update whatever the option says.
#pragma once

#include "snae/dataset.hpp"
#include "snae/model.hpp"
#include "snae/sign.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <stdexcept>
#include <vector>

namespace snae {

template <class T>
class scaled_trainer {
public:
    /// data must be canonical (throws std::invalid_argument otherwise).
    scaled_trainer(const dataset<T>& data, activation act, const T& eta) : data_(data), act_(act), eta_(eta)
    {
        if (!data.is_canonical()) throw std::invalid_argument("scaled_trainer: the scaled update needs canonical data");
        using std::ldexp;
        hi_ = ldexp(T(1), 60);
        lo_ = ldexp(T(1), -60);
    }

    /// Takes w as the current iterate.
    void reset(const std::vector<T>& w)
    {
        v_ = w;
        group_.assign(v_.size(), 0);
        marks_.assign(data_.n(), 0);
        mark_ = 0;
        s_[0] = T(1);
        s_[1] = T(1);
        grouped_ = false;
        since_fold_ = 0;
        sum_groups();
    }

    /// ||w||^2 of the current iterate, s_R^2 Q_R + s_A^2 Q_A.
    const T& norm2()
    {
        N_ = s_[0];
        N_ *= s_[0];
        N_ *= q_[0];
        t_ = s_[1];
        t_ *= s_[1];
        t_ *= q_[1];
        N_ += t_;
        return N_;
    }

    /// Writes the current iterate, w_j = s_g(j) v_j (one rounding each);
    /// reading does not change the state.
    void store(std::vector<T>& w) const
    {
        w.resize(v_.size());
        for (std::size_t j = 0; j < v_.size(); ++j) {
            w[j] = v_[j];
            w[j] *= s_[static_cast<unsigned char>(group_[j])];
        }
    }

    /// One step on the batch; returns the number of active samples (0: w unchanged).
    std::size_t step(const std::vector<std::size_t>& batch)
    {
        const std::size_t m = batch.size(), n = data_.n();
        if (m == n) return full_step(m);
        return 2 * m > n ? complement_step(batch) : batch_step(batch);
    }

    /// c_i(w) = s_g(i) v_i > 0 for a data coordinate i (one product).
    bool positive_coordinate(std::size_t i)
    {
        t_ = v_[i];
        t_ *= s_[static_cast<unsigned char>(group_[i])];
        return is_positive(t_, "dead-region test");
    }

    /// How many O(d) folds have run (tests and docs/performance.md).
    std::uint64_t folds() const noexcept { return folds_; }

private:
    std::size_t full_step(std::size_t m)
    {
        if (!grouped_ || dirty_) fold(true);
        if (n_active_ == 0) return 0;
        S_ = s_[1];
        S_ *= s_[1];
        S_ *= q_[1];
        factors(m);
        s_[0] *= f_;
        s_[1] *= fa_;
        dirty_ = (act_ == activation::relu && (!is_positive(f_, "sign of the inactive factor 1 - hS") ||
                                                !is_positive(fa_, "sign of the active factor 1 - h(N + S - 2)"))) ||
                 out_of_range(s_[0]) || out_of_range(s_[1]);
        return n_active_;
    }

    std::size_t batch_step(const std::vector<std::size_t>& batch)
    {
        if (grouped_) fold(false);
        const std::size_t m = batch.size();
        c_.resize(m);
        active_.resize(m);
        std::size_t n_active = 0;
        S_ = T(0);
        for (std::size_t k = 0; k < m; ++k) {
            c_[k] = s_[0];
            c_[k] *= v_[batch[k]];
            active_[k] = is_active(act_, c_[k]) ? 1 : 0;
            if (active_[k]) {
                detail::add_square(S_, c_[k], sq_);
                ++n_active;
            }
        }
        if (n_active == 0) return 0;
        factors(m);
        s_[0] *= f_;
        const bool refold = out_of_range(s_[0]) || ++since_fold_ >= data_.n();
        if (refold) fold(false);
        for (std::size_t k = 0; k < m; ++k)
            if (active_[k]) write_back(v_[batch[k]], c_[k], fa_, s_[0], q_[0], !refold);
        if (refold) sum_groups();
        return n_active;
    }

    /// A batch of more than half the samples (header comment): the active
    /// group takes fa and the rest f; the active samples left out, found
    /// from the batch's marks, are corrected to f.
    std::size_t complement_step(const std::vector<std::size_t>& batch)
    {
        // Refold after n corrections as well as after n steps: Q_A's
        // incremental drift grows with the corrections, and a step of a
        // batch of m samples makes up to n - m of them.
        if (!grouped_ || dirty_ || since_fold_ >= data_.n() || corrections_ >= data_.n()) fold(true);
        if (++mark_ == 0) std::fill(marks_.begin(), marks_.end(), std::uint64_t(0)), mark_ = 1;
        for (std::size_t i : batch) marks_[i] = mark_;
        left_out_.clear();
        for (std::size_t j : active_list_)
            if (marks_[j] != mark_) left_out_.push_back(j);
        if (left_out_.size() == n_active_) return 0; // no active sample in the batch
        c_.resize(left_out_.size());
        t_ = T(0); // the left-out samples' sum of c_j^2
        for (std::size_t k = 0; k < left_out_.size(); ++k) {
            c_[k] = s_[1];
            c_[k] *= v_[left_out_[k]];
            detail::add_square(t_, c_[k], sq_);
        }
        S_ = s_[1];
        S_ *= s_[1];
        S_ *= q_[1];
        sq_ = t_;
        sq_ += t_;
        if (exceeds(sq_, S_, "cancellation in S_A - sum left out")) {
            sum_batch_directly(batch); // more than half of S_A left out: S_A - t would cancel
        } else {
            S_ -= t_;
        }
        factors(batch.size());
        const bool relu = act_ == activation::relu;
        if ((relu && (!is_positive(f_, "sign of the inactive factor 1 - hS") || !is_positive(fa_, "sign of the active factor 1 - h(N + S - 2)"))) ||
            sign_of(fa_) == sign::zero) {
            fold(false); // signs may change (or s_A would be 0): this step with one scale
            return batch_step(batch);
        }
        s_[0] *= f_;
        s_[1] *= fa_;
        for (std::size_t k = 0; k < left_out_.size(); ++k) write_back(v_[left_out_[k]], c_[k], f_, s_[1], q_[1], true);
        ++since_fold_;
        corrections_ += left_out_.size();
        dirty_ = out_of_range(s_[0]) || out_of_range(s_[1]);
        return n_active_ - left_out_.size();
    }

    /// v <- (c factor) / scale, the new coordinate c factor stored against its
    /// group's scale; with `update_sum`, the group's Q by -v_old^2 + v_new^2
    /// (a refold sums Q afresh instead).
    void write_back(T& v, const T& c, const T& factor, const T& scale, T& q, bool update_sum)
    {
        if (update_sum) {
            sq_ = v;
            sq_ *= v;
            q -= sq_;
        }
        v = c;
        v *= factor;
        v /= scale;
        if (update_sum) detail::add_square(q, v, sq_);
    }

    /// S over the batch from its active samples' c_k = s_A v_k, in batch order
    /// (O(m)), for the rare step whose left-out samples hold most of S_A.
    void sum_batch_directly(const std::vector<std::size_t>& batch)
    {
        S_ = T(0);
        for (std::size_t i : batch) {
            if (!group_[i]) continue;
            t_ = s_[1];
            t_ *= v_[i];
            detail::add_square(S_, t_, sq_);
        }
    }

    /// h = eta/m, f = 1 - hS, fa = 1 - h((N + S) - 2), from S_ and the current N.
    void factors(std::size_t m)
    {
        norm2();
        h_ = eta_;
        h_ /= T(static_cast<long>(m));
        f_ = h_;
        f_ *= S_;
        f_ = T(1) - f_;
        t_ = N_;
        t_ += S_;
        t_ -= T(2);
        t_ *= h_;
        fa_ = T(1) - t_;
    }

    /// v_j <- s_g(j) v_j, scales 1; with `by_activity`, group 1 is the active
    /// data coordinates (GD), else everything is group 0 (SGD).
    void fold(bool by_activity)
    {
        ++folds_;
        const std::size_t n = data_.n();
        n_active_ = 0;
        active_list_.clear();
        for (std::size_t j = 0; j < v_.size(); ++j) {
            v_[j] *= s_[static_cast<unsigned char>(group_[j])];
            const bool a = by_activity && j < n && is_active(act_, v_[j]);
            group_[j] = a ? 1 : 0;
            n_active_ += a ? 1 : 0;
            if (a) active_list_.push_back(j);
        }
        s_[0] = T(1);
        s_[1] = T(1);
        grouped_ = by_activity;
        dirty_ = false;
        since_fold_ = 0;
        corrections_ = 0;
        sum_groups();
    }

    /// Q_g = sum of v_j^2 over group g, left to right.
    void sum_groups()
    {
        T q[2] = {zero_like(q_[0]), zero_like(q_[1])}, sq(sq_); // locals: see trainer<T>'s loops
        for (std::size_t j = 0; j < v_.size(); ++j) detail::add_square(q[static_cast<unsigned char>(group_[j])], v_[j], sq);
        q_[0] = q[0];
        q_[1] = q[1];
    }

    bool out_of_range(const T& s)
    {
        // |s| > 2^60 or |s| < 2^-60, through scratch storage (no allocation).
        t_ = s;
        if (sign_of(t_) == sign::negative) {
            sq_ = T(0);
            sq_ -= t_;
            t_ = sq_;
        }
        // Only when to fold, never what w is: certain answers suffice (an
        // interval straddling a limit folds later).
        sq_ = t_;
        sq_ -= hi_;
        if (sign_of(sq_) == sign::positive) return true;
        sq_ = lo_;
        sq_ -= t_;
        return sign_of(sq_) == sign::positive;
    }

    const dataset<T>& data_;
    activation act_;
    T eta_, hi_, lo_;
    std::vector<T> v_;
    std::vector<char> group_;
    T s_[2], q_[2];
    T N_, S_, h_, f_, fa_, t_, sq_;
    std::vector<T> c_;
    std::vector<char> active_;
    std::vector<std::size_t> active_list_, left_out_; ///< group A's indices; those of A a large batch left out
    std::vector<std::uint64_t> marks_;                ///< marks_[i] == mark_: sample i is in the current batch
    std::uint64_t mark_ = 0;
    bool grouped_ = false, dirty_ = false;
    std::size_t n_active_ = 0;
    std::uint64_t since_fold_ = 0, corrections_ = 0, folds_ = 0;
};

} // namespace snae

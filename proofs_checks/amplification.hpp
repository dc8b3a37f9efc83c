// The amplification A_t of the rounding errors along a run (C4 and C11
// scale their tolerances by it).
#pragma once

#include <Eigen/Core>

#include <algorithm>
#include <cmath>
#include <vector>

namespace snae::proofs_checks {

/// How much of each step's rounding error can reach step t, to first order:
/// A_t = sum_{s=0}^{t} ||Phi(t, s)||_2, with Phi(t, s) = J_t ... J_{s+1} the
/// product of the step Jacobians (Phi(t, t) = I) and s = 0 the start's own
/// rounding. A_t <= t + 1 when every product is non-expanding; it is larger
/// through an expanding stretch (docs/claims.md#gd-recurrence). Each step's
/// Jacobian, on a batch of m distinct samples at w with h = eta/m, is
///   J = I - eta H_B(w) = f_a Pi + f_r (I - Pi) - 4h a a^T - 2h (a r^T + r a^T),
///   f_a = 1 - h(N + S_B - 2),  f_r = 1 - h S_B,
/// Pi the projector onto span{x_i : i in B active}, a = Pi w, r = w - a,
/// N = ||w||^2, S_B = ||a||^2. It is given in any orthonormal basis where Pi
/// is diagonal (the data basis, or the fixed directions of a GD run), so the
/// dimension can be small. ||Phi||_2 is bounded by sqrt(||Phi||_1 ||Phi||_inf)
/// (exact for a diagonal Phi). In double: it only scales a tolerance.
class amplification {
public:
    explicit amplification(std::size_t dim) : dim_(static_cast<Eigen::Index>(dim)) { phi_.push_back(identity()); }

    /// One step at the point z (coordinates in that basis), Pi = the
    /// coordinates flagged in `in_pi`.
    void step(double h, const std::vector<double>& z, const std::vector<char>& in_pi)
    {
        const Eigen::Map<const Eigen::VectorXd> w(z.data(), dim_);
        Eigen::VectorXd a = Eigen::VectorXd::Zero(dim_), f(dim_);
        for (Eigen::Index i = 0; i < dim_; ++i)
            if (in_pi[static_cast<std::size_t>(i)]) a(i) = w(i);
        const Eigen::VectorXd r = w - a;
        const double N = w.squaredNorm(), S = a.squaredNorm(), fa = 1 - h * (N + S - 2), fr = 1 - h * S;
        for (Eigen::Index i = 0; i < dim_; ++i) f(i) = in_pi[static_cast<std::size_t>(i)] ? fa : fr;
        const Eigen::MatrixXd J = Eigen::MatrixXd(f.asDiagonal()) - 4 * h * a * a.transpose() -
                                  2 * h * (a * r.transpose() + r * a.transpose());
        sum_ = 1;
        for (auto& m : phi_) {
            m = J * m;
            sum_ += norm2_bound(m);
        }
        phi_.push_back(identity());
        ++steps_;
        worst_growth_ = std::max(worst_growth_, sum_ / static_cast<double>(steps_ + 1));
    }
    /// A_t.
    double sum() const { return sum_; }
    /// max over the steps so far of A_t / (t + 1): 1 or less where nothing expands.
    double worst_growth() const { return worst_growth_; }

private:
    Eigen::MatrixXd identity() const { return Eigen::MatrixXd::Identity(dim_, dim_); }
    /// sqrt(||m||_1 ||m||_inf) >= ||m||_2.
    static double norm2_bound(const Eigen::MatrixXd& m)
    {
        const Eigen::MatrixXd a = m.cwiseAbs();
        return std::sqrt(a.colwise().sum().maxCoeff() * a.rowwise().sum().maxCoeff());
    }

    Eigen::Index dim_;
    std::size_t steps_ = 0;
    std::vector<Eigen::MatrixXd> phi_;
    double sum_ = 1, worst_growth_ = 0;
};

} // namespace snae::proofs_checks

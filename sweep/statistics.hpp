// Statistics of one measure over the seeds of a grid point, in the runs' own
// precision: a loss gap of 4e-615 at mpfr:1024 stays 4e-615, never the 0 a
// double would make of it.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace snae::sweep {

/// The statistics as decimals in the runs' precision p (to_decimal at p
/// bits: they read back to the same p-bit value); "" where undefined,
/// "inf", "-inf" or "nan" where an infinite value entered.
struct stat_decimals {
    std::string mean, sd, min, q1, median, q3, max;
};

/// Order statistics and moments of one measure over the seeds of a point.
/// The values are runs.csv's decimals read at the runs' precision p
/// (exactly the values the runs computed); every statistic is computed at
/// p + 64 bits and rounded once to p bits. Quartiles interpolate linearly
/// between order statistics (R's type 7, numpy's default); sd is the sample
/// standard deviation (divisor count - 1), undefined below two values.
/// Empty, "nan" and "n/a" values (a measure undefined or not applicable in
/// that run) are not counted; when every value is "n/a" the decimals are "n/a".
struct stats {
    std::size_t count = 0;
    long bits = 53;           ///< p
    stat_decimals exact;      ///< the statistics at p bits
    /// The same correctly rounded to double, for drawing; NaN where
    /// undefined, and 0 or a subnormal where the value is below double's range.
    double mean = 0, sd = 0, min = 0, q1 = 0, median = 0, q3 = 0, max = 0;
};
stats describe(const std::vector<std::string>& values, long bits);

/// The sign of a finite decimal x: -1, 0 or 1.
int decimal_sign(const std::string& x);
/// floor(log10 |x|) of a finite non-zero decimal x (any exponent).
long decimal_exponent(const std::string& x);
/// x, read at `bits`, printed with `decimals` digits after the point, in
/// fixed or scientific notation (round to nearest), at any exponent.
std::string format_decimal(const std::string& x, long bits, int decimals, bool scientific);
/// Whether x, read at `bits`, times 10^k is an integer.
bool is_multiple_of_power_of_ten(const std::string& x, long bits, int k);

} // namespace snae::sweep

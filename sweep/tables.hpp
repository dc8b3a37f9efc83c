// The readable summary tables, summary.md and summary.tex: a choice of
// columns (a named layout or a list), each column printed in one format so
// that it aligns, from the statistics in the runs' own precision.
#pragma once

#include "summary.hpp"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <string>
#include <vector>

namespace snae::sweep {

/// One format for a column (or a group of columns read side by side).
struct column_format {
    bool scientific = false;
    int decimals = 0;
    std::string siunitx; ///< the S column's options
};

struct table_column {
    std::string md_head;
    std::string group;        ///< LaTeX heading over a \cmidrule, shared by neighbours; "" for none
    std::string tex_head;     ///< in braces for an S column
    bool text = false;        ///< a text axis (l column), values escaped
    bool integer_axis = false; ///< n, d or batch: integers, and "full"
    std::string format_group; ///< columns that share one format ("" for its own)
    bool needs_amsmath = false;
    std::vector<std::string> values; ///< per point: an axis value, or a statistic's decimal ("" undefined)
};

struct summary_table {
    std::string columns_spec; ///< as given to --columns
    std::size_t axes = 0;     ///< the leading columns that are axes
    std::string fixed;        ///< "key = value; ..." for the caption
    std::vector<long> bits;   ///< per point: the precision its decimals are read at
    std::vector<table_column> cols;
    std::vector<column_format> formats;

    /// Cell (point i, column k) as printed: "" where undefined, "inf", "-inf", "nan" as such.
    std::string cell(std::size_t i, std::size_t k) const;
};

summary_table make_table(const nlohmann::json& echo, const std::vector<point_row>& points, const std::vector<std::string>& columns);
void write_summary_md(const std::filesystem::path& dir, const nlohmann::json& echo, const summary_table& t, std::size_t seeds);
void write_summary_tex(const std::filesystem::path& dir, const nlohmann::json& echo, const summary_table& t, std::size_t seeds);

} // namespace snae::sweep

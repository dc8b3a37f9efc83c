#include "journal.hpp"

#include "measure.hpp"

#include <snae/atomic_file.hpp>
#include <snae/errors.hpp>

#include <sstream>

namespace snae::sweep {

std::string csv_field(const std::string& s)
{
    if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
    std::string q = "\"";
    for (char c : s) q += c == '"' ? std::string("\"\"") : std::string(1, c);
    return q + "\"";
}

std::optional<std::vector<std::string>> csv_split(const std::string& line)
{
    std::vector<std::string> out;
    std::string cur;
    bool quoted = false, was_quoted = false;
    for (std::size_t i = 0; i < line.size(); ++i) {
        const char c = line[i];
        if (quoted) {
            if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
                cur += '"';
                ++i;
            } else if (c == '"') {
                quoted = false;
            } else {
                cur += c;
            }
        } else if (c == ',') {
            out.push_back(cur);
            cur.clear();
            was_quoted = false;
        } else if (c == '"' && cur.empty() && !was_quoted) {
            quoted = was_quoted = true;
        } else {
            cur += c;
        }
    }
    if (quoted) return std::nullopt;
    out.push_back(cur);
    return out;
}

std::string config_comment(const nlohmann::json& config) { return "# snae-sweep-config: " + config.dump(); }

std::vector<std::string> journal::header()
{
    auto h = key_column_names();
    for (auto& m : measure_column_names()) h.push_back(m);
    return h;
}

namespace {
std::string join_csv(const std::vector<std::string>& v)
{
    std::string s;
    for (std::size_t i = 0; i < v.size(); ++i) s += (i ? "," : "") + csv_field(v[i]);
    return s;
}
} // namespace

journal::journal(std::filesystem::path file, const nlohmann::json& config, const std::vector<grid_run>& runs,
                 std::vector<std::string>& notes)
    : file_(std::move(file)), config_line_(config_comment(config))
{
    const std::string where = "'" + file_.string() + "'";
    const std::string advice = "; use another --out-dir, or move the file away to start afresh";
    const std::string head = join_csv(header());
    if (std::filesystem::exists(file_)) {
        std::ifstream in(file_, std::ios::binary);
        if (!in) throw input_error("--out-dir", "cannot read " + where);
        std::stringstream ss;
        ss << in.rdbuf();
        std::string text = ss.str();
        // A write cut short (power loss, kill -9) leaves a last line without
        // its newline: that run is not finished, so drop the fragment.
        std::uintmax_t keep = text.size();
        if (!text.empty() && text.back() != '\n') {
            keep = text.rfind('\n') == std::string::npos ? 0 : text.rfind('\n') + 1;
            notes.push_back(where + ": dropped an incomplete last line (a write was cut short); that run is run again");
            text.resize(static_cast<std::size_t>(keep));
        }
        std::istringstream lines(text);
        std::string line;
        std::size_t line_no = 0;
        while (std::getline(lines, line)) {
            ++line_no;
            const std::string at = where + " line " + std::to_string(line_no);
            if (line_no == 1) {
                if (line != config_line_)
                    throw input_error("--out-dir", where + " holds results of a different sweep (its configuration line differs)" + advice);
                continue;
            }
            if (line_no == 2) {
                if (line != head) throw input_error("--out-dir", at + ": unexpected columns (not a runs.csv of this snae version)" + advice);
                continue;
            }
            const auto fields = csv_split(line);
            if (!fields || fields->size() != header().size())
                throw input_error("--out-dir", at + ": corrupt row (expected " + std::to_string(header().size()) + " fields)" + advice);
            std::size_t id = 0;
            try {
                std::size_t pos = 0;
                id = std::stoul((*fields)[0], &pos);
                if (pos != (*fields)[0].size()) throw std::invalid_argument("id");
            } catch (const std::exception&) {
                throw input_error("--out-dir", at + ": corrupt row (run id '" + (*fields)[0] + "')" + advice);
            }
            if (id >= runs.size())
                throw input_error("--out-dir", at + ": run " + std::to_string(id) + " is not in this sweep" + advice);
            const auto keys = key_columns(runs[id]);
            for (std::size_t k = 0; k < keys.size(); ++k)
                if ((*fields)[k] != keys[k])
                    throw input_error("--out-dir", at + ": run " + std::to_string(id) + " has " + header()[k] + " = '" +
                                                       (*fields)[k] + "' but this sweep's run has '" + keys[k] + "'" + advice);
            if (!rows_.emplace(id, *fields).second)
                throw input_error("--out-dir", at + ": run " + std::to_string(id) + " appears twice" + advice);
        }
        if (line_no < 2) throw input_error("--out-dir", where + " is not a runs.csv of snae sweep (no header)" + advice);
        if (keep != std::filesystem::file_size(file_)) std::filesystem::resize_file(file_, keep);
        out_.open(file_, std::ios::app | std::ios::binary);
    } else {
        out_.open(file_, std::ios::binary);
        out_ << config_line_ << '\n' << head << '\n';
    }
    out_.flush();
    if (!out_) throw input_error("--out-dir", "cannot write " + where);
}

void journal::append(std::size_t id, const std::vector<std::string>& row)
{
    std::lock_guard<std::mutex> lock(mutex_);
    out_ << join_csv(row) << '\n';
    out_.flush();
    if (!out_) throw std::runtime_error("cannot append to '" + file_.string() + "'");
    rows_.emplace(id, row);
}

void journal::finish()
{
    std::lock_guard<std::mutex> lock(mutex_);
    out_.close();
    atomic_file f(file_.string());
    f.stream() << config_line_ << '\n' << join_csv(header()) << '\n';
    for (const auto& [id, row] : rows_) f.stream() << join_csv(row) << '\n';
    f.commit();
}

} // namespace snae::sweep

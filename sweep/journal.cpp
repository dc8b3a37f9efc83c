#include "journal.hpp"

#include "measure.hpp"

#include <snae/atomic_file.hpp>
#include <snae/errors.hpp>

#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <sstream>

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

namespace snae::sweep {

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

std::vector<std::string> journal::header()
{
    auto h = key_column_names();
    for (auto& m : measure_column_names()) h.push_back(m);
    return h;
}

std::vector<csv_record> csv_records(const std::string& text, std::size_t from, std::size_t line)
{
    std::vector<csv_record> out;
    csv_record cur;
    cur.line = line;
    cur.begin = from;
    bool quoted = false;
    for (std::size_t i = from; i < text.size(); ++i) {
        const char c = text[i];
        // A doubled quote inside quotes toggles twice: the state is right either way.
        if (c == '"') quoted = !quoted;
        if (c == '\n') {
            ++line;
            if (!quoted) {
                cur.complete = true;
                out.push_back(std::move(cur));
                cur = csv_record{};
                cur.line = line;
                cur.begin = i + 1;
                continue;
            }
        }
        cur.text += c;
    }
    if (cur.begin < text.size()) out.push_back(std::move(cur));
    return out;
}

namespace {

std::string join_csv(std::vector<std::string> v)
{
    for (auto& field : v) field = csv_field(field);
    return join(v, ",");
}

const std::string refuse_advice = "; use another --out-dir, or move the file away to start afresh";
const std::string row_advice = "; delete that line to run that run again, or use another --out-dir";

std::string read_all(const std::filesystem::path& file, const std::string& where)
{
    std::ifstream in(file, std::ios::binary);
    if (!in) throw input_error("--out-dir", "cannot read " + where);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

/// Whether the last record of the file is a torn row, dropped on resuming:
/// not ended by a newline, or not a row at all (a row cut short, or run
/// together with the next by two writers). It must not span a whole row:
/// a quote opened in a damaged row in the middle of the file would make
/// every row after it part of one last record, and those are refused.
bool torn(const csv_record& r)
{
    const auto fields = csv_split(r.text);
    if (r.complete && fields && fields->size() == journal::header().size()) return false;
    std::istringstream lines(r.text);
    std::string line;
    std::getline(lines, line);
    while (std::getline(lines, line)) {
        const auto inner = csv_split(line);
        if (inner && inner->size() == journal::header().size()) return false;
    }
    return true;
}

} // namespace

folder_lock::folder_lock(const std::filesystem::path& dir)
{
    const std::filesystem::path file = dir / file_name;
    const std::string where = "'" + shown(dir.string()) + "'";
    fd_ = ::open(file.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0666);
    if (fd_ < 0) throw input_error("--out-dir", "cannot open the lock file in " + where + ": " + std::strerror(errno));
    if (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
        const int err = errno;
        ::close(fd_);
        std::string pid;
        std::getline(std::ifstream(file), pid); // written whole by the holder, or empty if it has just taken the lock
        if (err != EWOULDBLOCK) throw input_error("--out-dir", "cannot lock " + where + ": " + std::strerror(err));
        throw input_error("--out-dir", where + " is in use by another snae sweep (pid " + (pid.empty() ? "unknown" : shown(pid)) +
                                           ", in " + file_name + "); wait for it to finish, or use another --out-dir");
    }
    const std::string pid = std::to_string(::getpid()) + "\n";
    if (::ftruncate(fd_, 0) != 0 || ::write(fd_, pid.data(), pid.size()) != static_cast<ssize_t>(pid.size())) {
        ::close(fd_);
        throw input_error("--out-dir", "cannot write the lock file in " + where + ": " + std::strerror(errno));
    }
}

folder_lock::~folder_lock() { ::close(fd_); }

journal::journal(std::filesystem::path file, const nlohmann::json& echo, const std::vector<grid_run>& runs,
                 std::vector<std::string>& notes)
    : file_(std::move(file)), echo_(echo)
{
    const std::string start = join_csv(header()) + '\n';
    const std::string text = std::filesystem::exists(file_) ? read_all(file_, "'" + shown(file_.string()) + "'") : "";
    // A prefix of the header is a file cut short as it was created: start it again.
    if (start.rfind(text, 0) == 0) {
        // The echo first: a runs.csv never stands without the configuration it belongs to.
        atomic_file config((file_.parent_path() / config_file_name).string());
        config.stream() << echo_.dump(2) << '\n';
        config.commit();
        out_.open(file_, std::ios::trunc | std::ios::binary);
        out_ << start;
    } else {
        resume(text, runs, notes);
        out_.open(file_, std::ios::app | std::ios::binary);
    }
    out_.flush();
    if (!out_) throw input_error("--out-dir", "cannot write '" + shown(file_.string()) + "'");
    open_timings(start.rfind(text, 0) == 0);
}

journal::contents journal::read_only(const std::filesystem::path& file, const nlohmann::json& echo, const std::vector<grid_run>& runs,
                                     std::vector<std::string>& notes)
{
    journal j(file, echo);
    if (!std::filesystem::exists(file)) throw input_error("--merge", "'" + shown(file.string()) + "' does not exist (not a sweep folder)");
    j.resume(read_all(file, "'" + shown(file.string()) + "'"), runs, notes);
    j.open_timings(false);
    return {j.rows_, j.timings_};
}

/// Keeps the timings of the rows read back (a line that does not parse, or
/// of a run not in runs.csv, is dropped) and rewrites the file with them,
/// so appends never follow a torn line.
void journal::open_timings(bool fresh)
{
    const std::filesystem::path path = file_.parent_path() / timings_file_name;
    if (!fresh && std::filesystem::exists(path)) {
        const std::string text = read_all(path, "'" + shown(path.string()) + "'");
        for (const auto& record : csv_records(text)) {
            const auto f = csv_split(record.text);
            if (!record.complete || !f || f->size() != 4) continue;
            try {
                std::size_t used = 0;
                const std::size_t id = std::stoull((*f)[0], &used);
                if (used != (*f)[0].size() || !rows_.count(id)) continue;
                timing t{std::stod((*f)[1]), std::stoull((*f)[2]), (*f)[3]};
                if (std::isfinite(t.seconds) && t.seconds >= 0) timings_[id] = t;
            } catch (const std::exception&) { // the header, or a damaged line
            }
        }
    }
    if (read_only_) return;
    {
        atomic_file f(path.string());
        write_timings(f.stream());
        f.commit();
    }
    timings_out_.open(path, std::ios::app | std::ios::binary);
    if (!timings_out_) throw input_error("--out-dir", "cannot write '" + shown(path.string()) + "'");
}

namespace {

/// Microseconds: finer than the clock's use here, and a fixed width to read.
std::string format_seconds(double s)
{
    char text[32];
    std::snprintf(text, sizeof text, "%.6f", s);
    return text;
}

} // namespace

void journal::write_timings(std::ostream& out) const
{
    out << "run,seconds,steps,worker\n";
    for (const auto& [id, t] : timings_) out << id << ',' << format_seconds(t.seconds) << ',' << t.steps << ',' << csv_field(t.worker) << '\n';
}

void journal::append_timing(std::size_t id, const timing& t)
{
    std::lock_guard<std::mutex> lock(mutex_);
    timings_[id] = t;
    timings_out_ << id << ',' << format_seconds(t.seconds) << ',' << t.steps << ',' << csv_field(t.worker) << '\n';
    timings_out_.flush();
}

/// The echo of the sweep that wrote the journal must be this sweep's: the
/// same configuration, written by the same build.
void journal::check_echo(const std::string& text) const
{
    const std::string where = "'" + shown(file_.string()) + "'";
    if (text.rfind("# snae-sweep-config: ", 0) == 0)
        throw input_error("--out-dir", where + " was written by an earlier snae (its configuration in a first comment line)" + refuse_advice);
    const std::filesystem::path config_path = file_.parent_path() / config_file_name;
    const std::string config_where = "'" + shown(config_path.string()) + "'";
    if (!std::filesystem::exists(config_path))
        throw input_error("--out-dir", where + " holds results but " + config_where + ", their configuration, is missing" + refuse_advice);
    nlohmann::json old;
    if (parse_shallow_json(read_all(config_path, config_where), old) != json_read::ok || !old.is_object())
        throw input_error("--out-dir", config_where + " is not a configuration echo written by snae sweep" + refuse_advice);
    const auto without_provenance = [](nlohmann::json j) {
        j.erase("provenance");
        return j;
    };
    if (without_provenance(old) != without_provenance(echo_))
        throw input_error("--out-dir", where + " holds results of a different sweep (" + config_where + " differs)" + refuse_advice);
    if (old.value("provenance", nlohmann::json()) != echo_.at("provenance"))
        throw input_error("--out-dir", where + " holds results of another snae build (" + config_where +
                                           "'s provenance differs); resuming would mix two builds' results" + refuse_advice);
}

void journal::resume(const std::string& text, const std::vector<grid_run>& runs, std::vector<std::string>& notes)
{
    const std::string where = "'" + shown(file_.string()) + "'";
    check_echo(text);
    std::vector<csv_record> records = csv_records(text);
    if (records.empty() || records[0].text != join_csv(header()))
        throw input_error("--out-dir", where + " line 1: unexpected columns (not a runs.csv of this snae version)" + refuse_advice);
    std::size_t keep = text.size();
    if (records.size() > 1 && torn(records.back())) {
        keep = records.back().begin;
        notes.push_back(where + ": dropped its torn last line " + std::to_string(records.back().line) +
                        (read_only_ ? " (a row not written whole)" : " (a row not written whole); that run is run again"));
        records.pop_back();
    }
    for (std::size_t k = 1; k < records.size(); ++k) read_row(records[k], runs);
    if (keep != text.size() && !read_only_) std::filesystem::resize_file(file_, keep);
}

void journal::read_row(const csv_record& record, const std::vector<grid_run>& runs)
{
    const std::string at = "'" + shown(file_.string()) + "' line " + std::to_string(record.line);
    const auto fields = csv_split(record.text);
    if (!fields || fields->size() != header().size())
        throw input_error("--out-dir", at + ": corrupt row (expected " + std::to_string(header().size()) + " fields)" + row_advice);
    const std::string& id_text = (*fields)[0];
    if (id_text.empty() || id_text.size() > 18 || id_text.find_first_not_of("0123456789") != std::string::npos)
        throw input_error("--out-dir", at + ": corrupt row (run id '" + shown(id_text) + "')" + row_advice);
    const std::size_t id = std::stoull(id_text);
    if (id >= runs.size()) throw input_error("--out-dir", at + ": run " + id_text + " is not in this sweep" + row_advice);
    const std::string run = at + ": run " + id_text;
    const auto keys = key_columns(runs[id]);
    for (std::size_t k = 0; k < keys.size(); ++k)
        if ((*fields)[k] != keys[k])
            throw input_error("--out-dir", run + " has " + header()[k] + " = '" + shown((*fields)[k]) + "' but this sweep's run has '" +
                                               shown(keys[k]) + "'" + row_advice);
    const std::vector<std::string> values(fields->begin() + static_cast<std::ptrdiff_t>(keys.size()), fields->end());
    if (const auto bad = invalid_measure(runs[id], values))
        throw input_error("--out-dir", run + ": '" + bad->column + "' = '" + shown(values[bad->index]) + "' " + bad->reason + row_advice);
    if (!rows_.emplace(id, *fields).second) throw input_error("--out-dir", run + " appears twice" + row_advice);
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
    f.stream() << join_csv(header()) << '\n';
    for (const auto& [id, row] : rows_) f.stream() << join_csv(row) << '\n';
    f.commit();
    timings_out_.close();
    atomic_file t((file_.parent_path() / timings_file_name).string());
    write_timings(t.stream());
    t.commit();
}

} // namespace snae::sweep

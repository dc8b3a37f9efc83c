// snae.verify, snae.sweep and snae.precision: the tools' own entry points
// (the ones the command line calls), without the GIL, writing the same
// files; the Python wrapper reads their JSON back as the call's result.
#include "bindings.hpp"
#include "callback.hpp"
#include "interrupt.hpp"

#include <claims.hpp>
#include <grid.hpp>
#include <run.hpp>
#include <summary.hpp>
#include <sweep.hpp>

#include <snae/atomic_file.hpp>
#include <snae/errors.hpp>

#include <pybind11/stl.h>

#include <memory>

namespace snae::python {

namespace {

/// The end of every call: what a callback raised, then Ctrl-C as Python's
/// handler says (interrupt.hpp).
py::dict finished(py::dict out, const python_callback& report, sigint_watch& stop)
{
    report.rethrow();
    out["keyboard_interrupt"] = stop.keyboard_interrupt();
    return out;
}

py::dict verify_call(std::optional<std::vector<std::string>> claims, bool certified, bool full, bool wrong_prediction,
                const std::string& out_dir, std::optional<std::string> export_dir, py::object progress)
{
    const auto selected = proofs_checks::select_claims(claims, certified);
    require_writable_folder("--out-dir", out_dir);
    if (export_dir) {
        if (!certified) throw input_error("--export", "needs --certified (certificates exist only for the certified claims)");
        require_writable_folder("--export", *export_dir);
    }
    sigint_watch stop;
    python_callback report(std::move(progress), stop);
    proofs_checks::check_options opt;
    opt.full = full;
    opt.wrong_prediction = wrong_prediction;
    if (wrong_prediction) opt.wrong_case = "coarse";
    opt.certified = certified;
    opt.interrupt = stop.flag();
    std::vector<std::string> files;
    std::size_t certificates = 0;
    bool pass = false;
    {
        py::gil_scoped_release unlocked;
        const auto results = proofs_checks::run_claims(selected, opt, {}, [&report](const proofs_checks::claim_result& r) {
            report(r.id, proofs_checks::verdict(r));
        });
        files = proofs_checks::write_reports(results, opt, out_dir);
        // What was proven before an interrupt is still proven: export it too.
        if (export_dir) certificates = proofs_checks::write_certificates(results, *export_dir);
        pass = !results.empty();
        for (const auto& r : results) pass = pass && r.pass;
    }
    py::dict out;
    out["files"] = files;
    out["passed"] = pass;
    out["certificates"] = certificates;
    out["interrupted"] = stop.stopped();
    return finished(out, report, stop);
}

/// The sweep's configuration: a preset, a config file or nothing, then the
/// keys of `config_json` (a JSON object, as a config file holds) on top.
sweep::sweep_config sweep_config_of(const std::optional<std::string>& preset, bool quick, const std::optional<std::string>& path,
                                    const std::string& config_json)
{
    if (preset && path) throw input_error("--preset", "give preset or a config file, not both");
    if (quick && !preset) throw input_error("--quick", "only applies to --preset");
    sweep::sweep_config c = preset ? sweep::preset(*preset, quick) : path ? sweep::read_config(*path) : sweep::sweep_config{};
    nlohmann::json j;
    if (sweep::parse_shallow_json(config_json, j) != sweep::json_read::ok) throw input_error("--config", "not a JSON object of sweep keys");
    if (!j.empty()) sweep::apply_json(c, j, "keys");
    return c;
}

/// The dict snae.sweep and snae.merge return, once the run's callback has said its last.
py::dict sweep_result(const sweep::sweep_outcome& o, const std::vector<std::string>& notes, python_callback& report, sigint_watch& stop)
{
    py::dict out;
    out["name"] = o.name;
    out["out_dir"] = o.out_dir.string();
    out["runs"] = o.runs;
    out["resumed"] = o.resumed;
    out["ran"] = o.ran;
    out["missing"] = o.missing;
    out["files"] = o.files;
    out["notes"] = notes;
    out["interrupted"] = o.interrupted;
    return finished(out, report, stop);
}

/// Runs `call` (run_sweep or merge_shards) without the GIL, with the
/// options Python gave.
template <class Call>
py::dict sweep_tool(sweep::sweep_options opt, std::optional<std::string> out_dir, bool figures,
                    std::optional<std::vector<std::string>> columns, const std::string& figure_format, const std::string& figure_size,
                    const std::string& figure_titles, py::object progress, Call call)
{
    opt.figure_style = plot::parse_figure_options(figure_format, figure_size, figure_titles);
    if (out_dir) opt.out_dir = *out_dir;
    opt.figures = figures;
    if (columns) opt.table_columns = sweep::table_columns(*columns);
    sigint_watch stop;
    python_callback report(std::move(progress), stop);
    opt.interrupt = stop.flag();
    opt.progress = [&report](const sweep::sweep_progress& p) { report(p.done, p.total); };
    auto notes = std::make_shared<std::vector<std::string>>();
    opt.note = [notes](const std::string& s) { notes->push_back(s); };
    sweep::sweep_outcome o;
    {
        py::gil_scoped_release unlocked;
        o = call(opt);
    }
    return sweep_result(o, *notes, report, stop);
}

py::dict sweep_call(std::optional<std::string> preset, bool quick, std::optional<std::string> path, const std::string& config_json,
                   std::optional<std::string> out_dir, unsigned threads, std::optional<std::string> shard, bool figures,
                   std::optional<std::vector<std::string>> columns, const std::string& figure_format, const std::string& figure_size,
                   const std::string& figure_titles, py::object progress)
{
    sweep::sweep_options opt;
    const sweep::sweep_config c = sweep_config_of(preset, quick, path, config_json);
    opt.threads = threads;
    if (shard) sweep::parse_shard(*shard, "shard", opt);
    return sweep_tool(opt, out_dir, figures, columns, figure_format, figure_size, figure_titles, std::move(progress),
                      [&c](const sweep::sweep_options& o) { return sweep::run_sweep(c, o); });
}

py::dict merge_call(const std::vector<std::string>& dirs, std::optional<std::string> out_dir, bool figures,
                    std::optional<std::vector<std::string>> columns, const std::string& figure_format, const std::string& figure_size,
                    const std::string& figure_titles, py::object progress)
{
    const std::vector<std::filesystem::path> folders(dirs.begin(), dirs.end());
    return sweep_tool(sweep::sweep_options{}, out_dir, figures, columns, figure_format, figure_size, figure_titles, std::move(progress),
                      [&folders](const sweep::sweep_options& o) { return sweep::merge_shards(folders, o); });
}

/// precision_options from {name: text} (`law` as "true"/"false").
precision::precision_options precision_options_from(const py::dict& d)
{
    precision::precision_options o;
    const std::vector<std::pair<const char*, std::string precision::precision_options::*>> fields{
        {"scalars", &precision::precision_options::scalars},           {"reference_bits", &precision::precision_options::reference_bits},
        {"threshold", &precision::precision_options::threshold},       {"seeds", &precision::precision_options::seeds},
        {"law_bits", &precision::precision_options::law_bits},         {"law_reference_bits", &precision::precision_options::law_reference_bits},
        {"figure_format", &precision::precision_options::figure_format}, {"figure_size", &precision::precision_options::figure_size},
        {"figure_titles", &precision::precision_options::figure_titles}};
    for (const auto& [key, value] : d) {
        const std::string name = py::cast<std::string>(key);
        if (name == "law") {
            o.law = py::cast<bool>(value);
            continue;
        }
        bool found = false;
        for (const auto& [field, member] : fields)
            if (name == field) {
                o.*member = py::cast<std::string>(value);
                found = true;
            }
        if (!found) throw std::invalid_argument("precision option '" + name + "' is not a field of precision_options");
    }
    return o;
}

py::dict precision_call(const py::dict& run, bool built_in_law, const py::dict& options, const std::string& out_dir,
                        py::object progress)
{
    const precision::precision_plan plan = precision::make_plan(precision_options_from(options));
    const run_config c = run_config_from(run);
    sigint_watch stop;
    python_callback report(std::move(progress), stop);
    std::optional<prepared_run> prepared;
    if (!built_in_law) prepared = prepare(c, stop.flag());
    require_writable_folder("--out-dir", out_dir);
    std::vector<std::string> files;
    std::string note;
    bool interrupted = false;
    {
        py::gil_scoped_release unlocked;
        const auto rep = precision::run_precision(plan, prepared, stop.flag(), [&report](const std::string& s, bool) { report(s); });
        files = precision::write_reports(out_dir, rep, note, plan.figures);
        interrupted = rep.interrupted;
    }
    py::dict out;
    out["files"] = files;
    out["note"] = note;
    out["interrupted"] = interrupted;
    return finished(out, report, stop);
}

} // namespace

void bind_tools(py::module_& m)
{
    m.def("verify", &verify_call, py::arg("claims"), py::arg("certified"), py::arg("full"), py::arg("wrong_prediction"),
          py::arg("out_dir"), py::arg("export_dir"), py::arg("progress"));
    m.def("sweep", &sweep_call, py::arg("preset"), py::arg("quick"), py::arg("path"), py::arg("config_json"), py::arg("out_dir"),
          py::arg("threads"), py::arg("shard"), py::arg("figures"), py::arg("columns"), py::arg("figure_format"),
          py::arg("figure_size"), py::arg("figure_titles"), py::arg("progress"));
    m.def("merge", &merge_call, py::arg("dirs"), py::arg("out_dir"), py::arg("figures"), py::arg("columns"), py::arg("figure_format"),
          py::arg("figure_size"), py::arg("figure_titles"), py::arg("progress"));
    m.def("precision", &precision_call, py::arg("run"), py::arg("built_in_law"), py::arg("options"), py::arg("out_dir"),
          py::arg("progress"));
}

} // namespace snae::python

// The _snae extension module: the C++ core and run layer for the snae
// Python package (python/snae/), which wraps these calls with Python
// arguments, documentation and result classes (docs/python.md).
#include "bindings.hpp"
#include "tokens.hpp"

#include <snae/errors.hpp>
#include <snae/provenance.hpp>
#include <snae/sign.hpp>

#include <pybind11/stl.h>

#include <cctype>
#include <stdexcept>

namespace snae::python {

namespace {

/// The run_options fields by their names.
const std::vector<std::pair<const char*, std::string run_options::*>>& option_fields()
{
    static const std::vector<std::pair<const char*, std::string run_options::*>> fields{
        {"activation", &run_options::activation}, {"n", &run_options::n},
        {"d", &run_options::d},                   {"data", &run_options::data},
        {"orth_tol", &run_options::orth_tol},     {"eta", &run_options::eta},
        {"batch", &run_options::batch},           {"sampler", &run_options::sampler},
        {"remainder", &run_options::remainder},   {"schedule", &run_options::schedule},
        {"init", &run_options::init},             {"init_scale", &run_options::init_scale},
        {"seed", &run_options::seed},             {"steps", &run_options::steps},
        {"tol", &run_options::tol},               {"tol_on", &run_options::tol_on},
        {"check_every", &run_options::check_every}, {"scalar", &run_options::scalar},
        {"support_threshold", &run_options::support_threshold}, {"diverge_norm", &run_options::diverge_norm},
        {"out", &run_options::out},               {"trajectory", &run_options::trajectory},
        {"every", &run_options::every},           {"update", &run_options::update},
        {"batch_seed", &run_options::batch_seed}};
    return fields;
}

/// Errors as Python sees them: bad input is ValueError naming the
/// parameter, as the command line names the flag; an interrupted input
/// read is KeyboardInterrupt; an undecidable sign is ArithmeticError.
void translate(std::exception_ptr p)
{
    try {
        if (p) std::rethrow_exception(p);
    } catch (const input_error& e) {
        const std::string text = parameter_name(e.flag()) + ": " + python_message(e.message());
        PyErr_SetString(PyExc_ValueError, text.c_str());
    } catch (const interrupted_error& e) {
        PyErr_SetString(PyExc_KeyboardInterrupt, e.what());
    } catch (const undecidable_sign& e) {
        PyErr_SetString(PyExc_ArithmeticError, e.what());
    }
}

} // namespace

std::recursive_mutex& interval_mutex()
{
    static std::recursive_mutex m;
    return m;
}

namespace {
run_options run_options_from(const py::dict& options)
{
    run_options o;
    for (const auto& [key, value] : options) {
        const std::string name = py::cast<std::string>(key);
        bool found = false;
        for (const auto& [field, member] : option_fields())
            if (name == field) {
                o.*member = py::cast<std::string>(value);
                found = true;
            }
        if (!found) throw std::invalid_argument("run option '" + name + "' is not a field of run_options");
    }
    return o;
}

template <class V>
std::optional<V> given(const py::dict& run, const char* key)
{
    if (!run.contains(key) || run[key].is_none()) return std::nullopt;
    return py::cast<V>(run[key]);
}
} // namespace

run_config run_config_from(const py::dict& run)
{
    using rows = std::vector<std::vector<std::string>>;
    run_options o = run_options_from(run["options"].cast<py::dict>());
    o.remainder_given = given<bool>(run, "remainder_given").value_or(false);
    o.any_rows = given<bool>(run, "any_rows").value_or(false);
    run_config c = make_run_config(o);
    c.data_rows = given<rows>(run, "data_rows");
    c.init_values = given<std::vector<std::string>>(run, "init");
    c.schedule_rows = given<rows>(run, "schedule_rows");
    return c;
}

std::string parameter_name(const std::string& flag)
{
    std::string name = flag.rfind("--", 0) == 0 ? flag.substr(2) : flag;
    for (char& c : name)
        if (c == '-') c = '_';
    return name;
}

std::string python_message(const std::string& message)
{
    std::string out;
    for (std::size_t i = 0; i < message.size(); ++i) {
        const bool flag = message.compare(i, 2, "--") == 0 && i + 2 < message.size() &&
                          std::islower(static_cast<unsigned char>(message[i + 2])) &&
                          (i == 0 || !std::isalnum(static_cast<unsigned char>(message[i - 1])));
        if (!flag) {
            out += message[i];
            continue;
        }
        std::size_t j = i + 2;
        while (j < message.size() && (std::islower(static_cast<unsigned char>(message[j])) || message[j] == '-')) ++j;
        out += parameter_name(message.substr(i, j - i));
        i = j - 1;
    }
    return out;
}

} // namespace snae::python

PYBIND11_MODULE(_snae, m)
{
    using namespace snae::python;
    m.doc() = "The C++ core of the snae package (import snae, not _snae).";
    m.attr("provenance_line") = snae::provenance_line();
    py::register_exception_translator(&translate);
    m.def("shortest_texts", &shortest_texts, py::arg("array"), "Every element of a float array as the shortest decimal that reads back to it.");
    bind_train(m);
    bind_analysis(m);
    bind_tools(m);
}

// The snae command line. Exit status: 0 done, 1 internal or I/O error,
// 2 bad input (one line naming the flag and the accepted range; no output
// file is created), 128 + signal (130 for SIGINT, 143 for SIGTERM) when
// interrupted (outputs written, with status interrupted).
#include "command.hpp"

#include <snae/errors.hpp>
#include <snae/provenance.hpp>
#include <snae/text.hpp>

#include <CLI/CLI.hpp>

#include <atomic>
#include <csignal>
#include <cstdlib>
#include <iostream>
#include <string>

namespace {
std::atomic<bool> g_interrupted{false};
std::atomic<int> g_signal{0};
extern "C" void on_signal(int sig)
{
    g_signal.store(sig);
    g_interrupted.store(true);
}

void install_signal_handlers()
{
    struct sigaction sa {};
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, nullptr);
    sigaction(SIGTERM, &sa, nullptr);
}

/// Under an MPI launcher every rank reads the same flags and agrees on the
/// same input error (snae sweep checks on every rank): only rank 0 says it.
bool error_said_by_another_rank()
{
    for (const char* name : {"OMPI_COMM_WORLD_RANK", "PMI_RANK"})
        if (const char* v = std::getenv(name); v && std::atoi(v) > 0) return true;
    return false;
}

/// The one-line message for a parse error. CLI11 says "A subcommand is
/// required" for `snae frobnicate`, so an unknown or missing subcommand is
/// named here, with the list of subcommands.
std::string parse_error_message(CLI::App& app, const CLI::ParseError& e, int argc, char** argv)
{
    if (app.get_subcommands().empty()) {
        std::vector<std::string> names;
        for (const CLI::App* s : app.get_subcommands([](CLI::App*) { return true; })) names.push_back(s->get_name());
        if (argc < 2) return "missing subcommand; expected one of " + snae::join(names, ", ");
        if (argv[1][0] != '-')
            return "unknown subcommand '" + snae::shown(argv[1]) + "'; expected one of " + snae::join(names, ", ");
    }
    const std::string msg = e.what();
    return msg.empty() ? e.get_name() : msg;
}

/// Runs the selected command. Interrupted: the shell convention 128 + signal
/// number (130 for SIGINT, 143 for SIGTERM).
int run_selected(const std::vector<std::unique_ptr<snae::cli::command>>& commands)
{
    for (const auto& c : commands) {
        if (!c->selected()) continue;
        const int status = c->run(g_interrupted);
        return status == 130 && g_signal.load() ? 128 + g_signal.load() : status;
    }
    return 0;
}

} // namespace

int main(int argc, char** argv)
{
    CLI::App app{"snae: gradient descent and SGD on a single-neuron tied-weight autoencoder with orthonormal data, "
                 "at any floating-point precision"};
    app.require_subcommand(1);
    app.set_version_flag("--version", snae::provenance_line(), "print snae's version, commit, compiler and libraries, and exit");
    const auto commands = snae::cli::all_commands();
    for (const auto& c : commands) c->attach(app);

    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForAllHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForVersion& e) {
        return app.exit(e);
    } catch (const CLI::ParseError& e) {
        if (error_said_by_another_rank()) return 2;
        std::cerr << "snae: error: " << parse_error_message(app, e, argc, argv) << " (see snae --help)\n";
        return 2;
    }

    install_signal_handlers();
    try {
        return run_selected(commands);
    } catch (const snae::input_error& e) {
        if (error_said_by_another_rank()) return 2;
        // The library names a config field ("check_every"); the user typed a flag.
        std::cerr << "snae: error: " << snae::option_for(e.flag()) << ": " << e.message() << '\n';
        return 2;
    } catch (const snae::interrupted_error& e) {
        std::cerr << "snae: " << e.what() << "; nothing was written\n";
        return 128 + (g_signal.load() ? g_signal.load() : SIGINT);
    } catch (const std::exception& e) {
        std::cerr << "snae: internal error: " << e.what() << '\n';
        return 1;
    }
}

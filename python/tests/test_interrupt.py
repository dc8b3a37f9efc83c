"""Ctrl-C and threads: a long call stops at its next step and raises
KeyboardInterrupt with the partial result, honours a SIGINT handler of the
user's own, and releases the GIL while it computes."""

import json
import os
import signal
import subprocess
import sys
import textwrap
import threading
import time

import snae

CHILD_TRAIN = """
import json, sys, snae
def ready(done, total):
    print("READY", flush=True)
try:
    r = snae.train(n=64, d=64, eta="0.4", batch=1, steps=10**9, scalar="mpfr:256", progress=ready, out=sys.argv[1])
    print(json.dumps({"returned": r.status}))
except KeyboardInterrupt as e:
    r = e.result
    check = snae.evaluate(r.w, n=64, d=64, scalar="mpfr:256")
    print(json.dumps({"raised": r.status, "steps": r.steps, "is_keyboard_interrupt": type(e) is KeyboardInterrupt,
                      "loss_matches": check["loss"] == r.loss, "w_decimal": r.decimal("w")}))
"""


def start_child(code, *args):
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    return subprocess.Popen([sys.executable, "-c", textwrap.dedent(code), *map(str, args)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=env)


def interrupt_when_ready(p):
    """Sends SIGINT once the child reports progress; returns its output."""
    line = p.stdout.readline()
    assert line.strip() == "READY", (line, p.stderr.read() if p.poll() is not None else "")
    p.send_signal(signal.SIGINT)
    out, err = p.communicate(timeout=120)
    return out, err


def test_ctrl_c_raises_interrupted_with_the_partial_result(tmp_path):
    out_file = tmp_path / "run.json"
    p = start_child(CHILD_TRAIN, out_file)
    out, err = interrupt_when_ready(p)
    assert p.returncode == 0, err
    last = json.loads(out.strip().splitlines()[-1])
    assert last["raised"] == "interrupted" and last["is_keyboard_interrupt"]
    assert 0 < last["steps"] < 10 ** 9 and last["loss_matches"]
    with open(out_file) as f:  # --out was written whole, as the command line does
        written = json.load(f)
    assert written["status"] == "interrupted" and written["w"] == last["w_decimal"]


def test_an_uncaught_interrupt_ends_the_script_as_ctrl_c_does():
    p = start_child("""
        import snae
        snae.train(n=64, d=64, eta="0.4", batch=1, steps=10**9, scalar="mpfr:256", progress=lambda t, n: print("READY", flush=True))
        print("not reached")
    """)
    out, err = interrupt_when_ready(p)
    assert "not reached" not in out
    assert p.returncode in (-signal.SIGINT, 130), (p.returncode, err)
    assert err.rstrip().endswith("KeyboardInterrupt: snae: interrupted (Ctrl-C); the partial result is in the exception's .result")


def test_a_handler_of_the_users_own_is_called_instead():
    p = start_child("""
        import json, signal, snae
        calls = []
        signal.signal(signal.SIGINT, lambda sig, frame: calls.append(sig))
        r = snae.train(n=64, d=64, eta="0.4", batch=1, steps=10**9, scalar="mpfr:256",
                       progress=lambda t, n: print("READY", flush=True))
        print(json.dumps({"status": r.status, "calls": calls}))
    """)
    out, err = interrupt_when_ready(p)
    assert p.returncode == 0, err
    assert json.loads(out.strip().splitlines()[-1]) == {"status": "interrupted", "calls": [int(signal.SIGINT)]}


def test_an_interrupted_sweep_keeps_its_runs_and_resumes(tmp_path):
    p = start_child("""
        import json, sys, snae
        try:
            snae.sweep(n=[64], batch=[1], seeds="0..199", scalar=["mpfr:128"], out_dir=sys.argv[1], threads=1, figures=False,
                       progress=lambda done, total: print("READY", flush=True) if done == 1 else None)
        except KeyboardInterrupt as e:
            print(json.dumps({"interrupted": e.result.interrupted, "saved": len(e.result.runs)}))
    """, tmp_path)
    out, err = interrupt_when_ready(p)
    assert p.returncode == 0, err
    first = json.loads(out.strip().splitlines()[-1])
    assert first["interrupted"] and 1 <= first["saved"] < 200
    # The same call, not interrupted this time, runs only what is missing.
    # (Its 200 runs at b = 1 would take long: resume a smaller tail by asking for the same grid.)
    r = snae.sweep(n=[64], batch=[1], seeds="0..199", scalar=["mpfr:128"], out_dir=tmp_path, threads=2, figures=False)
    assert r.resumed == first["saved"] and r.ran == 200 - first["saved"] and not r.interrupted
    assert len(r.runs) == 200 and len(r.data["points"]) == 1


def test_the_gil_is_released_while_a_run_computes():
    done = threading.Event()

    def long_run():
        snae.train(n=64, d=64, eta="0.4", batch=1, steps=300000, scalar="mpfr:256")
        done.set()

    t = threading.Thread(target=long_run)
    count, started = 0, time.perf_counter()
    t.start()
    while not done.is_set():
        count += 1
    elapsed = time.perf_counter() - started
    t.join()
    # Python kept running beside the run: with the GIL held, this loop would
    # stall for the whole call (a switch interval, 5 ms, at best).
    assert elapsed > 0.2 and count > 10000 * elapsed, (count, elapsed)


def test_calls_from_several_threads_give_the_sequential_results():
    """MPFR's precision is per thread and MPFI's is process-wide (the module
    serialises interval calls): concurrent runs at different precisions
    must not see each other's."""
    configs = [dict(scalar="mpfr:128"), dict(scalar="mpfr:512"), dict(scalar="mpfi:128"), dict(scalar="mpfi:256"),
               dict(scalar="double")]
    common = dict(n=6, d=8, eta="0.3", steps=30000, batch=2, seed=7)
    sequential = [snae.train(**common, **c).decimal("w") for c in configs]
    results = [None] * len(configs)

    def run(i):
        results[i] = snae.train(**common, **configs[i]).decimal("w")

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(configs))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == sequential

#!/usr/bin/env python3
"""How long it takes to wake a thread on another CPU after that CPU has idled, on this machine.

usage: python3 bench/vcpu-wake.py [cpuA cpuB]   (defaults 1 0: the load CPU and the gateway CPU of bench/gateway.sh)

Two processes pinned to cpuA and cpuB pass one byte back and forth through pipes, 300 round trips per row, with a
pause before each; then the same with a busy loop at SCHED_IDLE priority on both CPUs (how bench/run-gateway.sh
keeps the CPUs awake for its first-token measurement), and on one CPU alone as the reference. On a virtual
machine an idle vCPU may be descheduled by the host, and waking it then costs far more than a thread switch.
"""
import os
import statistics
import subprocess
import sys
import time

ROUNDS = 300


def round_trips(cpu_a, cpu_b, pause_s):
    child_in, parent_out = os.pipe()
    parent_in, child_out = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(parent_out)
        os.sched_setaffinity(0, {cpu_b})
        while os.read(child_in, 1):
            os.write(child_out, b"x")
        os._exit(0)
    os.close(child_in)
    os.close(child_out)
    os.sched_setaffinity(0, {cpu_a})
    samples = []
    for _ in range(ROUNDS):
        time.sleep(pause_s)
        start = time.perf_counter_ns()
        os.write(parent_out, b"x")
        os.read(parent_in, 1)
        samples.append((time.perf_counter_ns() - start) / 1000)
    os.close(parent_out)
    os.close(parent_in)
    os.waitpid(pid, 0)
    samples.sort()
    return statistics.median(samples), samples[int(ROUNDS * 0.9)]


def table(cpu_a, cpu_b, label):
    for pause_ms in (0, 1, 20):
        for a, b in ((cpu_a, cpu_b), (cpu_a, cpu_a)):
            p50, p90 = round_trips(a, b, pause_ms / 1000)
            print(f"| {label} | {pause_ms} ms | cpu{a} <-> cpu{b} | {p50:.0f} | {p90:.0f} |")


def main():
    cpu_a, cpu_b = (int(sys.argv[1]), int(sys.argv[2])) if len(sys.argv) == 3 else (1, 0)
    print("| CPUs | pause before each round trip | between | round trip p50 us | p90 us |")
    print("|---|---|---|---|---|")
    table(cpu_a, cpu_b, "idle")
    spinners = [subprocess.Popen(["chrt", "-i", "0", "taskset", "-c", str(cpu), "sh", "-c", "while :; do :; done"])
                for cpu in {cpu_a, cpu_b}]
    try:
        time.sleep(0.5)
        table(cpu_a, cpu_b, "kept awake")
    finally:
        for spinner in spinners:
            spinner.kill()
            spinner.wait()


if __name__ == "__main__":
    main()

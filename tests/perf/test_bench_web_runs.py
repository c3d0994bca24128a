"""The web benchmark keeps working: gunicorn, wrk and the quiz clients on a tiny set, ~1 s a path."""

import shutil
import socket

from tests.perf import bench_web
from tests.realparts import missing


def redis_listens() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=2).close()
    except OSError:
        return False
    return True


def test_web_benchmark_prints_every_path_with_no_errors(capsys):
    if shutil.which("wrk") is None:
        missing("wrk (the HTTP load generator)", "apt-get install -y wrk")
    if not redis_listens():  # the README's production settings keep the rate limits there
        missing("Redis on 127.0.0.1:6379", "install and start redis-server (apt-get install redis-server)")
    tiny = ["--people", "30", "--clients", "2", "--seconds", "1", "--quiz-seconds", "1", "--rounds", "1"]
    bench_web.main(tiny)
    printed = capsys.readouterr().out
    table = printed[printed.index("\npath ") + 1 :].splitlines()
    rows = {line[:22].strip(): line[22:].split() for line in table[1 : len(bench_web.ROWS) + 1]}
    assert list(rows) == bench_web.ROWS
    assert all(figures[3] == "0" for figures in rows.values()), table  # the errors column
    assert float(rows["bare hello"][0]) > 0  # each other page answered 200 before the load began
    assert "load average (1, 5, 15 min): at start " in printed

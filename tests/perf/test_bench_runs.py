"""The benchmark script keeps working (at a tiny size; timings are its own business)."""

from tests.perf import bench_status


def test_status_benchmark_runs_at_a_small_size(tmp_path, capsys):
    bench_status.run(f"sqlite:///{tmp_path}/bench.sqlite", people=300)
    printed = capsys.readouterr().out
    assert "(a) publish a changed policy" in printed
    assert "(b) one person's course statuses" in printed
    assert "'outdated'" in printed

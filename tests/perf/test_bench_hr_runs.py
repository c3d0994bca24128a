"""The HR benchmark keeps working (at a tiny size; timings are its own business)."""

from tests.perf import bench_hr


def test_hr_benchmark_runs_at_a_small_size(tmp_path, capsys):
    bench_hr.run(f"sqlite:///{tmp_path}/bench.sqlite", people=200)
    printed = capsys.readouterr().out
    assert "(a) dashboard first page" in printed and "(b) filtered people page" in printed
    assert "(c) CSV export: 603 rows" in printed  # the HR person has the courses too
    assert "(d) XLSX export" in printed and "(a') dashboard first page" in printed
    assert "(f) dashboard's first view after one learner's progress changed" in printed
    assert "'overdue'" in printed and "'outdated'" in printed

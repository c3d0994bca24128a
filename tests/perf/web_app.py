"""The product app with one extra route for bench_web.py only: `gunicorn tests.perf.web_app:app`.

`/bench/hello` answers "hello" after the app's own request hooks and extensions have run, so its
distance from the bare hello app (hello_app.py) is what the app costs before any page's work.
The route lives here, never in `training/`, so the product has no such page.
"""

from training import create_app

HELLO_PATH = "/bench/hello"

app = create_app()


@app.get(HELLO_PATH)
def bench_hello() -> str:
    """Answer "hello" once the app's hooks have run."""
    return "hello"

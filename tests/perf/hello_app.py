"""A bare Flask app that answers "hello": the baseline bench_web.py serves on the same gunicorn settings."""

from flask import Flask

app = Flask(__name__)


@app.get("/hello")
def hello() -> str:
    """Answer with no database, template or session work at all."""
    return "hello"

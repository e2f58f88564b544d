"""The editors' web UI and JSON API (FastAPI): `web.app.create_app(settings)` registers everything."""

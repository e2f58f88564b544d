"""The app served by uvicorn in a background thread on a free loopback port: for the browser
tests, the benchmark and the screenshots."""

from __future__ import annotations

import threading
import time

import uvicorn

from web.app import create_app
from web.settings import Settings


class ThreadedServer:
    """`with ThreadedServer(settings) as url:` serves the app until the block ends."""

    def __init__(self, settings: Settings, host: str = "127.0.0.1", timeout: float = 60):
        config = uvicorn.Config(create_app(settings), host=host, port=0, log_level="warning")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)
        self.timeout = timeout

    def __enter__(self) -> str:
        self.thread.start()
        deadline = time.monotonic() + self.timeout
        while not self.server.started:
            if not self.thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("服务器没有启动（见上方错误）")
            time.sleep(0.05)
        host, port = self.server.servers[0].sockets[0].getsockname()[:2]
        return f"http://{host}:{port}"

    def __exit__(self, *exc) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)

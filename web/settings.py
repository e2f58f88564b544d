"""Settings declared as data: one frozen dataclass, read by `Depends(get_settings)`."""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated

from fastapi import Depends, Request

MB = 1024 * 1024


@dataclass(frozen=True)
class Settings:
    db_path: Path = Path("data/reviewer.db")
    # Signs the CSRF cookie. A fresh one per process is fine: the worst case after a restart
    # is one refused form post, whose error page asks to reload.
    secret_key: str = field(default_factory=lambda: secrets.token_hex(32))
    max_upload_bytes: int = 5 * MB
    upload_types: tuple[str, ...] = (".txt", ".docx")
    page_size: int = 50
    demo_dir: Path | None = None  # examples/*.txt loaded into an empty database on start
    use_classifier: bool = True
    today: dt.date | None = None  # fixed submission date for tests; None is the real date

    def review_date(self) -> dt.date:
        return self.today or dt.date.today()


def get_settings(request: Request) -> Settings:
    return request.app.state.settings


SettingsDep = Annotated[Settings, Depends(get_settings)]

"""The server's settings: one table of (name, default, help) read by the CLI and the docs."""

from __future__ import annotations

from dataclasses import dataclass, field, fields

#: Environment variable holding the ingest token (never a command-line argument: those
#: show in `ps` and shell history).
TOKEN_ENV = "WHIMBREL_TOKEN"


@dataclass
class Settings:
    db: str = field(default="whimbrel.duckdb", metadata={"help": "event database file (env WHIMBREL_DB)"})
    host: str = field(default="127.0.0.1", metadata={
        "help": "address to bind; other machines reach the server only if you choose 0.0.0.0"})
    port: int = field(default=8765, metadata={"help": "TCP port"})
    token: str | None = field(default=None, repr=False, metadata={
        "help": f"ingest token (from ${TOKEN_ENV}); without one the API is read-only"})
    watch: str | None = field(default=None, metadata={
        "help": "folder whose new story files are ingested (then moved to done/ or failed/)"})
    max_body: int = field(default=2_000_000, metadata={"help": "largest request body, bytes"})
    max_text: int = field(default=100_000, metadata={
        "help": "longest story POST /api/code accepts, characters"})
    rate: int = field(default=600, metadata={"help": "requests per minute per client (0: off)"})
    timeout: float = field(default=10.0, metadata={"help": "seconds a query may run"})
    code_wait: float = field(default=30.0, metadata={
        "help": "seconds POST /api/code waits for the coder when it is busy"})

    @property
    def writable(self) -> bool:
        """Ingest is possible only when the operator asked for it."""
        return bool(self.token or self.watch)

    @property
    def url(self) -> str:
        host = {"0.0.0.0": "127.0.0.1", "": "127.0.0.1", "::": "[::1]"}.get(self.host, self.host)
        if ":" in host and not host.startswith("["):
            host = f"[{host}]"  # an IPv6 address in a URL
        return f"http://{host}:{self.port}/"


def settings_table() -> list[tuple[str, object, str]]:
    """(name, default, help) of every setting."""
    return [(f.name, f.default, f.metadata.get("help", "")) for f in fields(Settings)]

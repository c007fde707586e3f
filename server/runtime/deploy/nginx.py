"""Renders nginx.conf for N Hetki processes: `python -m server.runtime.deploy.nginx --workers N`.

python -m server.runtime.deploy.nginx --workers 4 --port 5000 --listen 80 > /etc/nginx/sites-enabled/hetki
"""

import argparse
from pathlib import Path

from ..config import Config

TEMPLATE = Path(__file__).with_name("nginx.conf")
FORM_MARGIN_BYTES = 1024 * 1024  # the multipart form around the video, and a text reaction


def render(ports, listen="80", server_name="_", host="127.0.0.1", max_video_bytes=None):
    """The site for servers on `host` at `ports`; nginx listens on `listen` (a port or address:port)."""
    max_video_bytes = max_video_bytes or Config(SECRET_KEY="unused").MAX_VIDEO_BYTES
    fields = {
        "SERVERS": "\n".join(f"    server {host}:{port} max_fails=1 fail_timeout=5s;" for port in ports),
        "LISTEN": str(listen),
        "SERVER_NAME": server_name,
        "MAX_VIDEO_BYTES": str(max_video_bytes),
        "MAX_BODY": f"{-(-(max_video_bytes + FORM_MARGIN_BYTES) // (1024 * 1024))}m",
    }
    text = TEMPLATE.read_text()
    for name, value in fields.items():
        text = text.replace("{{" + name + "}}", value)
    return text


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m server.runtime.deploy.nginx", description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=1, help="server processes, as in `hetki --workers N`")
    parser.add_argument("--port", type=int, default=5000, help="the first server's port (PORT)")
    parser.add_argument("--host", default="127.0.0.1", help="where the servers listen (HOST)")
    parser.add_argument("--listen", default="80", help="nginx's port or address:port")
    parser.add_argument("--server-name", default="_", help="nginx server_name")
    arguments = parser.parse_args(argv)
    ports = range(arguments.port, arguments.port + arguments.workers)
    print(render(ports, arguments.listen, arguments.server_name, arguments.host), end="")


if __name__ == "__main__":
    main()

"""Command-line tasks: `flask --app server create-organizer EMAIL` (the password at a prompt, or
the first line of standard input with --password-stdin; never on the command line, which every
local user can read in the process list).

The account goes where the running server keeps its data: with neither DATA_DIR nor REDIS_URL set,
the command looks for this user's running `python -m server` / `hetki` and uses its DATA_DIR or
REDIS_URL, so a server started with `DATA_DIR=/srv/hetki` needs no second `DATA_DIR=` here.
"""

import os
import sys
from itertools import pairwise
from pathlib import Path

import click
from flask import current_app

from ..domain import DomainError
from ..domain.credentials import check_new_password, valid_email
from . import redis_embedded
from .config import Config, chosen

NO_PASSWORD_ARGUMENT = (
    "--password is refused: a command line is readable by every local user. Type the password at "
    "the prompt, or pipe it in: printf '%s\\n' \"$PASSWORD\" | flask --app server create-organizer EMAIL --password-stdin"
)
PROC = Path("/proc")


def _refuse_password_argument(ctx, param, value):
    if value is not None:
        raise click.UsageError(NO_PASSWORD_ARGUMENT, ctx)


def read_password(from_stdin):
    """The new password: the first line of standard input, else typed twice at a hidden prompt."""
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    return click.prompt("Password", hide_input=True, confirmation_prompt=True)


def _is_server(argv):
    """`python -m server …` or `hetki …` (the worker and supervised servers included)."""
    if argv and Path(argv[0]).name == "hetki":
        return True
    return any(a == "-m" and b == "server" for a, b in pairwise(argv))


def running_servers(proc=PROC):
    """{(working directory, DATA_DIR resolved, REDIS_URL or None)} of this user's running servers,
    read from /proc (a process's environment is readable by its own user only)."""
    found = set()
    for entry in proc.iterdir() if proc.is_dir() else ():
        if not entry.name.isdigit() or entry.name == str(os.getpid()):
            continue
        try:
            argv = [a.decode(errors="replace") for a in (entry / "cmdline").read_bytes().split(b"\0") if a]
            if not _is_server(argv):
                continue
            pairs = (item.split(b"=", 1) for item in (entry / "environ").read_bytes().split(b"\0") if b"=" in item)
            env = {k.decode(errors="replace"): v.decode(errors="replace") for k, v in pairs}
            cwd = os.readlink(entry / "cwd")
        except OSError:  # gone, or another user's
            continue
        data_dir = (Path(cwd) / env.get("DATA_DIR", "./var")).resolve()
        found.add((cwd, str(data_dir), env.get("REDIS_URL") or None))
    return found


def server_storage(config):
    """(DATA_DIR, REDIS_URL) of the running server this command should use, or None for this
    process's own settings: one was set, no server runs, or it uses the same place anyway."""
    if config.REDIS_URL or chosen("DATA_DIR"):  # chosen for this command
        return None
    servers = running_servers()
    here = {s for s in servers if s[0] == os.getcwd()}
    places = {(d, r) for _, d, r in (here or servers)}
    if not places:
        return None
    if len(places) > 1:
        listed = "\n".join(f"  REDIS_URL={r}" if r else f"  DATA_DIR={d}" for d, r in sorted(places, key=str))
        raise click.ClickException(f"Several Hetki servers are running; say which one, e.g.:\n{listed}")
    data_dir, redis_url = places.pop()
    if redis_url is None and Path(data_dir) == Path(config.DATA_DIR).resolve():
        return None
    return data_dir, redis_url


def organizers_of(storage):
    """The organizers' service over the running server's Redis (its embedded one, or REDIS_URL)."""
    from ..store import Store
    from .services import Services

    data_dir, redis_url = storage
    config = Config(DATA_DIR=data_dir, REDIS_URL=redis_url)
    url = redis_url or redis_embedded.use(Path(data_dir))
    return Services(Store(url, 2), config).organizers


def init_app(app):
    @app.cli.command("create-organizer")
    @click.argument("email")
    @click.option("--password-stdin", is_flag=True, help="Read the password from the first line of standard input.")
    @click.option("--password", hidden=True, expose_value=False, callback=_refuse_password_argument)
    @click.option("--reset", is_flag=True, help="Set a new password for an existing organizer.")
    @click.option("--admin", is_flag=True, help="Let the organizer list and disable accounts (as the first one).")
    def create_organizer(email, password_stdin, reset, admin):
        """Create an organizer account that can sign in and own events (in the running server's data)."""
        storage = server_storage(current_app.config["HETKI"])
        organizers = organizers_of(storage) if storage else current_app.extensions["hetki"].organizers
        try:
            email = valid_email(email)
            password = read_password(password_stdin)
            check_new_password(password)
            email = organizers.create(email, password, replace=reset)
            if admin:
                organizers.store.access.make_admin(email)
        except DomainError as exc:
            raise click.ClickException(exc.message) from None
        where = f" (the running server's {storage[1] or storage[0]})" if storage else ""
        click.echo(f"{'Admin' if admin else 'Organizer'} {email} is ready{where}.")

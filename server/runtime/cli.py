"""Command-line tasks: `flask --app server create-organizer EMAIL` (the password at a prompt, or
the first line of standard input with --password-stdin; never on the command line, which every
local user can read in the process list)."""

import sys

import click
from flask import current_app

from ..domain import DomainError
from ..domain.credentials import check_new_password, valid_email

NO_PASSWORD_ARGUMENT = (
    "--password is refused: a command line is readable by every local user. Type the password at "
    "the prompt, or pipe it in: printf '%s\\n' \"$PASSWORD\" | flask --app server create-organizer EMAIL --password-stdin"
)


def _refuse_password_argument(ctx, param, value):
    if value is not None:
        raise click.UsageError(NO_PASSWORD_ARGUMENT, ctx)


def read_password(from_stdin):
    """The new password: the first line of standard input, else typed twice at a hidden prompt."""
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    return click.prompt("Password", hide_input=True, confirmation_prompt=True)


def init_app(app):
    @app.cli.command("create-organizer")
    @click.argument("email")
    @click.option("--password-stdin", is_flag=True, help="Read the password from the first line of standard input.")
    @click.option("--password", hidden=True, expose_value=False, callback=_refuse_password_argument)
    @click.option("--reset", is_flag=True, help="Set a new password for an existing organizer.")
    def create_organizer(email, password_stdin, reset):
        """Create an organizer account that can sign in and own events."""
        try:
            email = valid_email(email)
            password = read_password(password_stdin)
            check_new_password(password)
            email = current_app.extensions["hetki"].organizers.create(email, password, replace=reset)
        except DomainError as exc:
            raise click.ClickException(exc.message) from None
        click.echo(f"Organizer {email} is ready.")

"""Command-line tasks: `flask --app server create-organizer EMAIL --password P`."""

import click
from flask import current_app

from . import redis_embedded
from .domain import DomainError


def init_app(app):
    @app.cli.command("create-organizer")
    @click.argument("email")
    @click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True)
    @click.option("--reset", is_flag=True, help="Set a new password for an existing organizer.")
    def create_organizer(email, password, reset):
        """Create an organizer account that can sign in and own events."""
        try:
            email = current_app.extensions["hetki"].organizers.create(email, password, replace=reset)
        except DomainError as exc:
            raise click.ClickException(exc.message) from None
        finally:
            if not current_app.config["HETKI"].REDIS_URL:
                redis_embedded.release(current_app.config["HETKI_REDIS_URL"])
        click.echo(f"Organizer {email} is ready.")

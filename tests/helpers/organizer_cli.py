"""`create-organizer` for any checkout the benchmarks and screenshot scripts serve."""

import subprocess


def create_organizer(flask, email, password, **run):
    """Runs `flask create-organizer` (`flask`: the command as a list) with the password on stdin; a tree
    from before --password-stdin (click's usage error, 2) gets it on the command line as it expected."""
    done = subprocess.run(
        [*flask, "create-organizer", email, "--password-stdin"],
        input=password + "\n",
        text=True,
        capture_output=True,
        **run,
    )
    if done.returncode == 2 and "--password-stdin" in done.stderr:
        done = subprocess.run(
            [*flask, "create-organizer", email, "--password", password], text=True, capture_output=True, **run
        )
    done.check_returncode()
    return done

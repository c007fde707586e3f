"""The job queue worked through in-process."""


def work_through_queue(worker):
    """The worker takes every job waiting in the queue, as `hetki worker` would; how many it did."""
    done = 0
    while job := worker.store.jobs.take(worker.name, 10):
        worker.work_on(job, lambda: False)
        done += 1
    worker.drop_lease()  # and stops, as `hetki worker` does on SIGTERM
    return done

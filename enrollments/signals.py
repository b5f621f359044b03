from django.dispatch import Signal

# Sent by ``services.enrollment_complete`` inside the transaction that records a completion,
# with ``enrollment_id``. Receivers (connected in their AppConfig.ready()) update derived data
# in the same transaction and queue background work with ``lms.celery.queue_after_commit``.
course_completed = Signal()

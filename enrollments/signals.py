from django.dispatch import Signal

# Sent after a completion has committed, by the follow-up task, with ``enrollment_id``.
# Downstream apps (certificates) connect to it in their AppConfig.ready().
course_completed = Signal()

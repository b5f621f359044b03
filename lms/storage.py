"""Where files that carry personal or sensitive data live."""

from django.core.files.storage import Storage, storages


def private_storage() -> Storage:
    """Certificates, ZIPs and signature scans: never under MEDIA_ROOT, never served directly.

    Files here reach people only through views that check who is asking (settings
    ``STORAGES["private"]``, ``PRIVATE_MEDIA_ROOT``).
    """
    return storages["private"]

"""Django's Redis cache, made to keep the site up while Redis is down.

Everything the project keeps in the cache can be worked out again: the open data's table,
an import's progress, rate-limit counters. So a cache that cannot be reached is treated as an
empty one that keeps nothing: a read misses, a write is dropped, a counter starts again. The
first failure of an outage is logged as a warning, and its end as information, so the
operator sees both without a line per request; ``/health/`` reports the cache's state.

Rate limits (allauth's log-in and sign-up limits) count in the cache, under a lock taken
with ``add``: while it is down ``add`` succeeds and the counts start empty, so the limits do
not hold, and the log says the cache is down. That is chosen over refusing every log-in.
"""

from __future__ import annotations

import functools
import logging
import threading

from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)


class _Outage:
    """Whether the last call failed, to log an outage's start and end once each."""

    def __init__(self):
        self.down = False
        self.lock = threading.Lock()

    def failed(self, error: Exception) -> None:
        with self.lock:
            if not self.down:
                self.down = True
                logger.warning("Cache unreachable, serving without it: %s", error)

    def worked(self) -> None:
        if self.down:
            with self.lock:
                if self.down:
                    self.down = False
                    logger.info("Cache reachable again")


def _answering_when_down(answer):
    """Wrap a cache method: while Redis is unreachable it returns ``answer(*args)``."""

    def decorate(method):
        @functools.wraps(method)
        def call(self, *args, **kwargs):
            try:
                result = method(self, *args, **kwargs)
            except RedisError as error:
                self.outage.failed(error)
                return answer(*args, **kwargs)
            self.outage.worked()
            return result

        return call

    return decorate


def _missing(*args, **kwargs):
    raise ValueError("cache unreachable")  # what incr and decr raise for a missing key


def _nothing(*args, **kwargs):
    return None


def _false(*args, **kwargs):
    return False


class _OneClientPerPool(RedisCacheClient):
    """Django builds a new redis client object on every cache call; one per connection pool
    serves them all (a redis client is thread-safe and holds no state of its own)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        if index not in self._clients:
            self._clients[index] = super().get_client(key, write=write)
        return self._clients[index]


class ResilientRedisCache(RedisCache):
    """``RedisCache`` whose operations answer as an empty cache when Redis is unreachable."""

    def __init__(self, server, params):
        params = {**params, "OPTIONS": {**params.get("OPTIONS", {})}}
        # Fail fast: a request must not wait on a cache that is not answering.
        params["OPTIONS"].setdefault("socket_connect_timeout", 0.5)
        params["OPTIONS"].setdefault("socket_timeout", 0.5)
        super().__init__(server, params)
        self._class = _OneClientPerPool
        self.outage = _Outage()

    get = _answering_when_down(lambda key, default=None, version=None: default)(RedisCache.get)
    get_many = _answering_when_down(lambda *args, **kwargs: {})(RedisCache.get_many)
    has_key = _answering_when_down(_false)(RedisCache.has_key)
    # As an empty cache would: the key was missing, so it is "added" (and kept nowhere). allauth
    # takes its rate-limit lock with add(); answering False would refuse every log-in.
    add = _answering_when_down(lambda *args, **kwargs: True)(RedisCache.add)
    touch = _answering_when_down(_false)(RedisCache.touch)
    delete = _answering_when_down(_false)(RedisCache.delete)
    set = _answering_when_down(_nothing)(RedisCache.set)
    set_many = _answering_when_down(lambda data, *args, **kwargs: list(data))(RedisCache.set_many)
    delete_many = _answering_when_down(_nothing)(RedisCache.delete_many)
    clear = _answering_when_down(_nothing)(RedisCache.clear)
    incr = _answering_when_down(_missing)(RedisCache.incr)

    def reachable(self) -> bool:
        """Whether Redis answers a PING now (for ``/health/``)."""
        client = self._cache.get_client(write=True)
        for _attempt in range(2):  # the first may meet a connection the outage left dead
            try:
                answered = bool(client.ping())
            except RedisError as error:
                failure = error
                continue
            self.outage.worked()
            return answered
        self.outage.failed(failure)
        return False

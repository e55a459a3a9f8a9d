"""Django's Redis cache, keeping one Redis client per connection pool.

The stock backend builds a new `redis.Redis` object for every cache call, which costs about as
much CPU as the call itself; pages make several calls each (page cache, menus, rate limits).
A `redis.Redis` client is safe to share between threads, and each one here draws its
connections from the same pool the stock backend uses, so behaviour is otherwise unchanged.
"""

from typing import Any

from django.core.cache.backends import redis as django_redis


class ReusedClientRedisCacheClient(django_redis.RedisCacheClient):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._clients: dict[int, Any] = {}

    def get_client(self, key: Any = None, *, write: bool = False) -> Any:
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            if index not in self._pools:
                self._pools[index] = self._pool_class.from_url(
                    self._servers[index], **self._pool_options
                )
            client = self._client(connection_pool=self._pools[index])
            self._clients[index] = client
        return client


class RedisCache(django_redis.RedisCache):
    def __init__(self, server: str, params: dict[str, Any]) -> None:
        super().__init__(server, params)
        self._class = ReusedClientRedisCacheClient

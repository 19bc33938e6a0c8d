"""The read-only JSON API (``/api/v1/``): its queries, its parameters and its OpenAPI document."""


class ApiError(Exception):
    """An API request that cannot be answered: the status code, a stable code and a message."""

    def __init__(self, status, code, message):
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message

    def as_dict(self):
        return {"error": self.code, "message": str(self.message)}

"""Errors a user can act on. The CLI turns them into a Chinese message and exit code 2."""


class UserError(Exception):
    """Bad input or a state the user must fix; `message` is Chinese and says what and where."""

    exit_code = 2

    def __init__(self, message: str, details: list[str] | None = None):
        super().__init__(message)
        self.message = message
        self.details = details or []


class NotFound(UserError):
    pass


class Ambiguous(UserError):
    pass


class InvalidTransition(UserError):
    pass

"""Domain errors that services raise and views turn into messages or status codes."""


class DomainError(Exception):
    """A request that the rules of the product refuse; the message is shown to the user."""


class NotFound(DomainError):
    """The thing asked for does not exist or is not visible to this person."""


class Forbidden(DomainError):
    """The acting person may not do this."""


class ValidationFailed(DomainError):
    """Input was rejected; `problems` lists each problem for display."""

    def __init__(self, message: str, problems: list | None = None):
        super().__init__(message)
        self.problems = problems or []


class Conflict(DomainError):
    """The data as it is now refuses the request: someone changed it since the form was opened, or a
    row names a person who is not there; `problems` lists each one."""

    def __init__(self, message: str, problems: list | None = None):
        super().__init__(message)
        self.problems = problems or []

"""Every domain's models, imported in one place for Alembic, the shell and the session hooks."""
from .attachments.models import Attachment  # noqa: F401
from .audit.models import AuditEntry  # noqa: F401
from .auth.models import AccountToken, User  # noqa: F401
from .cities.models import City  # noqa: F401
from .indicators.models import Indicator, IndicatorPeriod, IndicatorReminderLog, IndicatorValue  # noqa: F401
from .jobs.models import Job, JobSchedule, WorkerHeartbeat  # noqa: F401
from .meetings.models import AgendaItem, Attendance, Meeting, MeetingChange, MinutesComment, MinutesSignoff  # noqa: F401
from .notifications.models import ContactPoint, Notification, NotificationPreference  # noqa: F401
from .occasions.models import FeedToken, KitItem, Occasion, OccasionReminder, OccasionShift  # noqa: F401
from .practices.models import Category, Practice, PracticeAdoption, PracticeComment, PracticeUseful, Tag  # noqa: F401
from .reports.models import CityReport  # noqa: F401
from .resolutions.models import Assignment, ProgressReport, ReminderLog, Resolution  # noqa: F401
from .search.models import SearchQueue  # noqa: F401
from .settings import Setting  # noqa: F401
from .submissions import FormSubmission  # noqa: F401
from .tasks.models import NoticeLog  # noqa: F401

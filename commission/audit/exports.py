"""The audit log as CSV, every cell neutralised against formula injection."""
from ..exports import to_csv
from ..jalali import format_jalali


def audit_csv(entries):
    header = ['زمان', 'نوع رویداد', 'شخص', 'رایانامه', 'نشانی شبکه', 'موضوع', 'جزئیات']
    rows = [[format_jalali(e.created_dt, 'datetime'), e.kind_label, e.actor.full_name if e.actor else '',
             e.actor_email, e.address, e.target, '؛ '.join(f'{k}: {v}' for k, v in e.detail_items)] for e in entries]
    return to_csv(header, rows)


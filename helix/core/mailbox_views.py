"""Staff pages of the local mailbox: every e-mail Helix sent while no mail server is configured."""

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render

from helix.core.mailbox import MailboxMessage
from helix.core.pagination import paginate
from helix.core.staff import staff_required


@staff_required
def mailbox(request):
    messages = MailboxMessage.objects.defer("raw")
    q = (request.GET.get("q") or "").strip()[:200]
    if q:
        messages = messages.filter(recipients__icontains=q) | messages.filter(subject__icontains=q)
    return render(request, "core/mailbox.html", {"page": paginate(request, messages, 50), "q": q})


@staff_required
def mailbox_message(request, pk: int):
    message = get_object_or_404(MailboxMessage, pk=pk)
    return render(request, "core/mailbox_message.html", {"message": message, "parts": message.parts()})


@staff_required
def mailbox_attachment(request, pk: int, index: int):
    message = get_object_or_404(MailboxMessage, pk=pk)
    attachments = message.parts().attachments
    if not 0 <= index < len(attachments):
        raise Http404
    attachment = attachments[index]
    response = HttpResponse(attachment.content, content_type=attachment.content_type)
    response["Content-Disposition"] = f'attachment; filename="{attachment.filename}"'
    return response

from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.views.decorators.http import require_POST

from .models import Account


@login_required
@require_POST
def transfer(request):
    src = Account.objects.get(owner=request.user)
    src.transfer(request.POST["to"], int(request.POST["amount"]))
    return JsonResponse({"ok": True})

from django.http import JsonResponse
from django.views.decorators.csrf import csrf_exempt

from .models import Account


@csrf_exempt
def transfer(request):
    if request.method == "POST":
        src = Account.objects.get(owner=request.user)
        src.transfer(request.POST["to"], int(request.POST["amount"]))
        return JsonResponse({"ok": True})
    return JsonResponse({"error": "POST only"}, status=405)

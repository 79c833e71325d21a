from django.contrib.auth.decorators import permission_required
from django.http import JsonResponse

from .models import Invoice


@permission_required("billing.delete_invoice", raise_exception=True)
def delete_invoice(request, invoice_id):
    Invoice.objects.filter(pk=invoice_id).delete()
    return JsonResponse({"deleted": invoice_id})

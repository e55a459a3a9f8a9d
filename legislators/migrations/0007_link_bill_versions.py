"""Link the bills a database already holds into one family of versions.

The campaign's bill: the 2017 S. 515 / H.R. 1300 (115th) and the 119th's S. 2495 /
H.R. 4954, plus whichever bill is current and its companion. No row is removed or
renumbered; a database without these bills is left as it is.
"""

from django.db import migrations

# (congress, type, number) -> the same bill in this chamber one version earlier.
KNOWN_VERSIONS = {
    (115, "s", 515): None,
    (115, "hr", 1300): None,
    (119, "s", 2495): (115, "s", 515),
    (119, "hr", 4954): (115, "hr", 1300),
}
FAMILY_NAME = "Keep Call Centers in America Act"


def link_versions(apps, schema_editor) -> None:
    Bill = apps.get_model("legislators", "Bill")
    BillFamily = apps.get_model("legislators", "BillFamily")
    bills = {}
    for congress, bill_type, number in KNOWN_VERSIONS:
        bill = Bill.objects.filter(congress=congress, bill_type=bill_type, number=number).first()
        if bill is not None:
            bills[(congress, bill_type, number)] = bill
    current = Bill.objects.filter(is_current=True).first()
    members = list(bills.values())
    if current is not None:
        members.append(current)
        if current.companion_id:
            members.append(Bill.objects.get(pk=current.companion_id))
    members = [bill for bill in {bill.pk: bill for bill in members}.values() if not bill.family_id]
    if not members:
        return
    family = BillFamily.objects.create(name=FAMILY_NAME)
    for bill in members:
        bill.family = family
        earlier = KNOWN_VERSIONS.get((bill.congress, bill.bill_type, bill.number))
        if earlier in bills and bill.previous_version_id is None:
            bill.previous_version = bills[earlier]
        bill.save(update_fields=["family", "previous_version"])


class Migration(migrations.Migration):
    dependencies = [("legislators", "0006_bill_families")]

    operations = [migrations.RunPython(link_versions, migrations.RunPython.noop)]

"""The assembly's member metropolises: the demo data loads them, and an import creates them as members."""
from typing import NamedTuple


class MemberCity(NamedTuple):
    name: str
    name_en: str
    slug: str
    province: str


MEMBER_CITIES = [MemberCity(*row) for row in (
    ('تهران', 'Tehran', 'tehran', 'تهران'),
    ('مشهد', 'Mashhad', 'mashhad', 'خراسان رضوی'),
    ('اصفهان', 'Isfahan', 'isfahan', 'اصفهان'),
    ('کرج', 'Karaj', 'karaj', 'البرز'),
    ('شیراز', 'Shiraz', 'shiraz', 'فارس'),
    ('تبریز', 'Tabriz', 'tabriz', 'آذربایجان شرقی'),
    ('قم', 'Qom', 'qom', 'قم'),
    ('اهواز', 'Ahvaz', 'ahvaz', 'خوزستان'),
    ('کرمانشاه', 'Kermanshah', 'kermanshah', 'کرمانشاه'),
    ('ارومیه', 'Urmia', 'urmia', 'آذربایجان غربی'),
    ('رشت', 'Rasht', 'rasht', 'گیلان'),
    ('زاهدان', 'Zahedan', 'zahedan', 'سیستان و بلوچستان'),
    ('کرمان', 'Kerman', 'kerman', 'کرمان'),
    ('همدان', 'Hamedan', 'hamedan', 'همدان'),
    ('یزد', 'Yazd', 'yazd', 'یزد'),
    ('اراک', 'Arak', 'arak', 'مرکزی'),
    ('اردبیل', 'Ardabil', 'ardabil', 'اردبیل'),
    ('بندرعباس', 'Bandar Abbas', 'bandar-abbas', 'هرمزگان'),
)]

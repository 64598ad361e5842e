"""'Similar experiences from other cities': more-like-this over the index, other cities' published practices."""
import shutil

from commission.search.similar import similar_practices

from .helpers import both_backends


@both_backends
def test_similar_practices_come_from_other_cities_and_are_published(db, make, search_index):
    karaj, tabriz, shiraz = make.city(name='کرج'), make.city(name='تبریز'), make.city(name='شیراز')
    text = 'پیوست رسانه‌ای پروژه قطار شهری و اطلاع‌رسانی به شهروندان پیش از گودبرداری'
    mine = make.practice(city=karaj, title='پیوست رسانه‌ای مترو کرج', summary=text)
    same_city = make.practice(city=karaj, title='پیوست رسانه‌ای پل کرج', summary=text)
    other = make.practice(city=tabriz, title='پیوست رسانه ای قطار شهری تبریز', summary=text)
    draft = make.practice(city=shiraz, title='پیوست رسانه‌ای شیراز', summary=text, status='draft')
    unrelated = make.practice(city=shiraz, title='جشنواره نوروزی ساحل', summary='برنامه‌های شاد نوروزی کنار دریا')
    make.resolution(title='مصوبه پیوست رسانه‌ای قطار شهری', text=text)
    db.session.commit()

    ids = similar_practices(mine)
    assert ids[0] == other.id
    assert mine.id not in ids and same_city.id not in ids and draft.id not in ids
    assert unrelated.id not in ids[:1]
    assert all(isinstance(i, int) for i in ids)
    assert len(similar_practices(mine, limit=1)) == 1


def test_similar_practices_is_none_without_an_index(db, make, search_index):
    practice = make.practice(title='پیوست رسانه‌ای')
    db.session.commit()
    shutil.rmtree(search_index)
    assert similar_practices(practice) is None

// generate.mjs - writes data/accounts/common-passwords.txt, the list of
// common and easily guessed passwords that registration, password change
// and reset refuse (src/domain/accounts/password.c).
//
//   node tools/common-passwords/generate.mjs > data/accounts/common-passwords.txt
//
// The list is ours: base words from what is publicly known about the
// passwords people choose most (the same few dozen head every published
// leak analysis), Vietnamese words, names and lucky numbers, and the
// decorations people add to them (digits, years, "@123").  The checker
// folds case, diacritics and punctuation and also strips leading and
// trailing digits, so the list need not spell out every variant.
// Entries are lower case ASCII, one per line, sorted and unique.

const english = `
password passw0rd p@ssword p@ssw0rd pass pass1234 passwd password1 mypassword
qwerty qwert qwertyu qwertyui qwertyuiop qwerty123 qwe123 qweasd qweasdzxc
asdf asdfg asdfgh asdfghj asdfghjk asdfghjkl asdasd asd123 zxcv zxcvb zxcvbn
zxcvbnm zxc123 zaq12wsx 1q2w3e 1q2w3e4r 1q2w3e4r5t 1qaz2wsx 1qazxsw2 qazwsx
qazwsxedc 1234qwer qwer1234 q1w2e3r4 a1b2c3d4 abc abcd abcde abcdef abcdefg
abcdefgh abcdefghi abc123 abcd1234 aaa aaaa abcabc letmein welcome welcome1
monkey dragon master shadow sunshine princess football baseball basketball
soccer hockey superman batman spiderman ironman starwars startrek trustno1
iloveyou iloveu loveyou lovely loveme love lover whatever freedom hello
hellokitty hello123 charlie michael jennifer jessica ashley daniel thomas
jordan jordan23 hunter killer pepper ginger cookie chocolate flower purple
orange banana cherry summer winter spring autumn secret access admin
administrator root toor login guest test tester testing default changeme
computer internet samsung apple google facebook youtube instagram twitter
nokia iphone android windows microsoft liverpool chelsea arsenal manutd
manchester barcelona realmadrid juventus messi ronaldo neymar naruto
pokemon doraemon conan minecraft fortnite roblox pubg garena freefire
batman1 superman1 maggie buster tigger robert matthew andrew joshua
michelle nicole amanda hannah sophie william george harley yankees
rangers dallas austin thunder mustang ferrari porsche mercedes corvette
matrix zxcvbnm1 111qqq qqqq qqqqqq wwwwww aaaaaa zzzzzz asdzxc qwaszx
angel angels angel1 butterfly rainbow unicorn diamond golden silver money
money1 bitcoin crypto success lucky lucky7 happy smile family friends
forever together beautiful sweet sweetheart honey baby babygirl babyboy
`;

const vietnamese = `
matkhau matkhau1 matkhaumoi matkhaucu matkhaucuatoi matkhaucuaban nhapmatkhau
anhyeuem emyeuanh yeuem yeuanh anhyeu emyeu toiyeuem toiyeuanh yeuemnhieu
yeuanhnhieu yeuthuong thuongem thuonganh nhoem nhoanh iuem iuanh anhiuem
emiuanh hanhphuc thienthan tinhyeu tinhban banthan giadinh anhem chiem
meyeu boyeu conyeu bame bome mecon chame congchua hoangtu baby babyyeu
vietnam vietnamvodich vietnamoi hanoi saigon hochiminh tphcm danang haiphong
cantho hue nhatrang vungtau dalat langson caobang bacgiang bacninh quangninh
thanhhoa nghean hatinh quangbinh quangnam quangngai binhdinh phuyen khanhhoa
lamdong daklak gialai kontum dongnai binhduong tayninh longan tiengiang
bentre vinhlong travinh soctrang baclieu camau kiengiang angiang dongthap
laocai yenbai sonla dienbien laichau hagiang tuyenquang thainguyen phutho
vinhphuc hanam namdinh ninhbinh thaibinh haiduong hungyen hoabinh
dichvucong dichvucongquocgia motcua congdan canbo tiepnhan chuyenvien lanhdao
quantri quantrivien admin123 demo demo123 thunghiem kiemtra
xinchao chaoban chaoem chaoanh khongbiet khongco khongnho conmeo concho
meomeo gaugau chuotcon conheo heocon heoxinh bebong becon benho bedau
abcxyz asdfgh123 a123456 aa123456 123456a 123456aa 123abc abc12345 hihi hihihi
haha hahaha hehe huhu keke kaka ahihi ahuhu cuoilen vuive buon buonqua codon
codoc nhomo thanhxuan hoctro hocsinh sinhvien thaygiao cogiao truonghoc
bongda bongdavietnam lienminh lienquan lienquanmobile dota dota2 audition
gunny vothuat kiemhiep tamquoc thanhgiong sontinh thuytinh lacviet langtu
hoahong hoamai hoadao hoalan hoacuc hoasen hoasua hoaphuongdo hoaban
trangden denvang xanhla xanhduong maudo mauhong mautim
tet tetnguyendan chucmung chucmungnammoi namoi phatloc locphat phattai tailoc
thantai giauco giausang tienbac tien nhieutien
`;

// Common Vietnamese surnames and given names, without diacritics.
const surnames = `
nguyen tran le pham hoang huynh phan vu vo dang bui do ho ngo duong ly dinh
truong lam mai luong cao trinh doan ha ta to thai lai chu kieu quach vuong
`;
const givenNames = `
an anh binh chau chi cuong dat diep dung duc duy giang ha hai han hang hanh
hao hien hieu hoa hoai hong hue hung huong huy khanh khoa kien lan linh loan
long ly mai minh my nam nga ngan ngoc nguyet nhan nhi nhung oanh phong phuc
phuong quan quang quyen quynh sang son tam tan thang thanh thao thinh thu
thuy tien toan trang tri trinh trung truc tu tuan tung tuyet uyen van vi viet
vinh vy xuan yen
`;

// Numbers: lucky, repeated, sequences, keyboard walks of digits.
const numbers = `
123 1234 12345 123456 1234567 12345678 123456789 1234567890 0123456789
01234567 012345678 987654321 9876543210 87654321 7654321 654321 54321
111111 1111111 11111111 111111111 1111111111 000000 0000000 00000000
121212 12121212 112233 11223344 123123 123123123 123321 1234321 12344321
147258 147258369 159357 159753 147852 147852369 258369 369258 789456
789456123 456789 456123 321654 963852741 741852963 1q2w3e4r5t6y 1qaz
6868 686868 68686868 8888 888888 88888888 6688 668888 666888 168168 8386
83868386 1368 13681368 6789 999999 99999999 666666 66666666 777777 7777777
555555 55555555 222222 333333 444444 123654 123789 147369 520520 5201314
1314520 131420 02468 0246813579 13579 1357924680 2468013579
`;

function words(text) {
  return text.split(/\s+/).map((w) => w.trim().toLowerCase()).filter(Boolean);
}

const out = new Set();
const add = (w) => {
  const clean = w.toLowerCase();
  if (/^[\x21-\x7e]+$/.test(clean)) out.add(clean);
};

const SUFFIXES = ['', '1', '123', '@123', '!'];

for (const w of [...words(english), ...words(vietnamese)]) {
  for (const s of SUFFIXES) add(w + s);
  add('123' + w);
}
for (const n of words(numbers)) add(n);
for (const s of words(surnames)) {
  add(s);
  for (const g of words(givenNames)) add(s + g);
}
for (const g of words(givenNames)) {
  for (const s of ['', '123', '@123']) add(g + s);
  for (let y = 1985; y <= 2005; y += 5) add(g + y);
  add('anhyeu' + g);
  add('yeu' + g);
  add('iu' + g);
  add(g + 'xinhdep');
  add(g + 'dethuong');
}
// Every digit repeated, every run of consecutive digits of length 6 to 10.
for (let d = 0; d <= 9; d++) for (let len = 6; len <= 12; len++) add(String(d).repeat(len));
for (let start = 0; start <= 9; start++) {
  for (let len = 6; len <= 10; len++) {
    let up = '';
    let down = '';
    for (let i = 0; i < len; i++) {
      up += String((start + i) % 10);
      down += String((start - i + 10) % 10);
    }
    add(up);
    add(down);
  }
}

const header = [
  '# Common and easily guessed passwords, refused when a password is chosen.',
  '# Written for motcua (tools/common-passwords/generate.mjs); one per line,',
  '# lower case.  The checker folds case, diacritics and punctuation and strips',
  '# leading and trailing digits before looking a password up here.',
];
process.stdout.write(header.join('\n') + '\n' + [...out].sort().join('\n') + '\n');

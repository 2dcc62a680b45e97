// 构建时注入的常量，在测试里给默认值
process.env.TARO_ENV = process.env.TARO_ENV || 'h5';
process.env.TARO_APP_API_BASE = process.env.TARO_APP_API_BASE || '';
